package dev.leakaudit.proxy.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.leakaudit.proxy.net.Cidr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the JSON configuration file into a {@link ProxyConfig}.
 *
 * <p>The tree model is walked by hand rather than bound to classes so that every error can name the
 * exact field ({@code routes[1].match.ports}) and unknown fields are refused, not silently dropped: a
 * misspelt limit that is ignored is worse than a proxy that does not start. See CONFIG.md.
 */
public final class ConfigLoader {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ConfigLoader() {
    }

    public static ProxyConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("", "file does not exist", e).inFile(file);
        } catch (IOException e) {
            throw new ConfigException("", "cannot read the file: " + e, e).inFile(file);
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            return parse(text, dir == null ? Path.of("") : dir);
        } catch (ConfigException e) {
            throw e.inFile(file);
        }
    }

    /** Parses a configuration whose relative file names (certificates, keys) are relative to the working directory. */
    public static ProxyConfig parse(String json) throws ConfigException {
        return parse(json, Path.of(""));
    }

    /** Parses a configuration whose relative file names are relative to {@code baseDir}. */
    public static ProxyConfig parse(String json, Path baseDir) throws ConfigException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ConfigException("", "not valid JSON" + where + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new ConfigException("", "the configuration is empty");
        }
        Problems problems = new Problems();
        ProxyConfig config;
        try {
            config = readProxy(new Node(root, ""), problems, baseDir);
        } catch (FieldError e) {
            problems.add(e);
            config = null;
        } catch (IllegalArgumentException e) {
            // A value check that no field claimed; still a configuration error, not a crash.
            throw new ConfigException("", e.getMessage(), e);
        }
        if (!problems.isEmpty()) {
            throw problems.toException();
        }
        return config;
    }

    // ---------------------------------------------------------------- sections

    /**
     * Reads every section, and every route, even after an error, so that one run names every
     * invalid field (in one line); the first error found inside a route or a section ends that
     * route or section only.
     */
    private static ProxyConfig readProxy(Node root, Problems problems, Path baseDir) {
        root.requireObject().allowOnly("routes", "timeouts", "keepAlive", "limits", "eventLoops", "statsInterval",
                "certificateCheckInterval", "proxyProtocol");
        Node routesNode = root.field("routes");
        List<RouteConfig> routes = problems.attempt(() -> {
            if (routesNode.isAbsent()) {
                throw routesNode.error("is required: at least one route");
            }
            return readRoutes(routesNode, problems, baseDir);
        }, null);
        TimeoutsConfig timeouts = problems.attempt(() -> readTimeouts(root.field("timeouts"), problems), null);
        KeepAliveConfig keepAlive = problems.attempt(() -> readKeepAlive(root.field("keepAlive")), null);
        LimitsConfig limits = problems.attempt(() -> readLimits(root.field("limits"), problems), null);
        Integer eventLoops = problems.attempt(
                () -> root.field("eventLoops").intOr(ProxyConfig.defaultEventLoops(), 1, 1024), null);
        Duration statsInterval = problems.attempt(
                () -> root.field("statsInterval").durationOr(ProxyConfig.DEFAULT_STATS_INTERVAL, true), null);
        Duration certificateCheck = problems.attempt(() -> root.field("certificateCheckInterval")
                .durationOr(ProxyConfig.DEFAULT_CERTIFICATE_CHECK_INTERVAL, true), null);
        ProxyProtocolConfig proxyProtocol = problems.attempt(() -> readProxyProtocol(root.field("proxyProtocol")), null);
        if (!problems.isEmpty()) {
            return null;
        }
        return root.build(() -> new ProxyConfig(routes, timeouts, keepAlive, limits, eventLoops, statsInterval,
                certificateCheck, proxyProtocol));
    }

    private static List<RouteConfig> readRoutes(Node node, Problems problems, Path baseDir) {
        List<Node> items = node.elements();
        if (items.isEmpty()) {
            throw node.error("at least one route is required");
        }
        List<RouteConfig> routes = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < items.size(); i++) {
            int index = i;
            RouteConfig route = problems.attempt(() -> readRoute(items.get(index), index, baseDir), null);
            if (route == null) {
                continue;
            }
            if (!names.add(route.name())) {
                problems.add(items.get(i).field("name").error("\"" + route.name() + "\" is already the name of another route"));
            }
            routes.add(route);
        }
        return routes;
    }

    private static RouteConfig readRoute(Node node, int index, Path baseDir) {
        node.requireObject().allowOnly("name", "priority", "match", "action", "security", "tls");
        String name = node.field("name").stringOr("route-" + (index + 1));
        if (name.isBlank()) {
            throw node.field("name").error("must not be empty");
        }
        int priority = node.field("priority").intOr(0, -1_000_000, 1_000_000);
        Node matchNode = node.field("match");
        if (matchNode.isAbsent()) {
            throw matchNode.error("is required (at least \"ports\")");
        }
        RouteMatch match = readMatch(matchNode);
        Node actionNode = node.field("action");
        if (actionNode.isAbsent()) {
            throw actionNode.error("is required");
        }
        RouteAction action = readAction(actionNode);
        RouteSecurity security = readSecurity(node.field("security"));
        TlsConfig tls = readTls(node.field("tls"), baseDir);
        return node.build(() -> new RouteConfig(name, priority, match, action, security, tls));
    }

    private static RouteMatch readMatch(Node node) {
        node.requireObject().allowOnly("ports", "domains", "clientIps");
        Node portsNode = node.field("ports");
        if (portsNode.isAbsent()) {
            throw portsNode.error("is required");
        }
        PortSet ports = readPorts(portsNode);
        List<DomainPattern> domains = node.field("domains").listOf(DomainPattern::parse);
        List<Cidr> clientIps = node.field("clientIps").listOf(Cidr::parse);
        return new RouteMatch(ports, domains, clientIps);
    }

    /** A port number, a string such as "80,443,8000-8010", or an array of either. */
    private static PortSet readPorts(Node node) {
        if (node.json.isArray()) {
            List<Node> items = node.elements();
            if (items.isEmpty()) {
                throw node.error("must list at least one port");
            }
            List<PortSet> parts = new ArrayList<>();
            for (Node item : items) {
                parts.add(readPortItem(item));
            }
            return PortSet.union(parts);
        }
        return readPortItem(node);
    }

    private static PortSet readPortItem(Node node) {
        if (node.json.isIntegralNumber()) {
            return node.convert(n -> PortSet.of(Ports.requireValid(checkedInt(n))));
        }
        if (node.json.isTextual()) {
            return node.convert(n -> PortSet.parse(n.asText()));
        }
        throw node.error("expected a port number, a string like \"8000-8010\" or a list of them, got " + node.describe());
    }

    private static RouteAction readAction(Node node) {
        node.requireObject();
        String type = node.field("type").requiredString().toLowerCase(Locale.ROOT);
        switch (type) {
            case "forward" -> {
                node.allowOnly("type", "target", "proxyProtocol", "proxyProtocolV1");
                HostPort target = node.field("target").required(n -> HostPort.parse(n.requireText()));
                Node versionNode = node.field("proxyProtocol");
                Node v1Node = node.field("proxyProtocolV1");
                if (!versionNode.isAbsent() && !v1Node.isAbsent()) {
                    throw v1Node.error("give either proxyProtocol or the older proxyProtocolV1, not both");
                }
                if (!versionNode.isAbsent()) {
                    String version = versionNode.requireText();
                    return new ForwardAction(target, switch (version.toLowerCase(Locale.ROOT)) {
                        case "v1" -> ProxyProtocolVersion.V1;
                        case "v2" -> ProxyProtocolVersion.V2;
                        case "none" -> ProxyProtocolVersion.NONE;
                        default -> throw versionNode.error("\"" + version + "\" is not a PROXY protocol version (use \"v1\" or \"v2\")");
                    });
                }
                return new ForwardAction(target, v1Node.booleanOr(false));
            }
            case "bridge" -> {
                node.allowOnly("type", "httpProxyPort");
                Node port = node.field("httpProxyPort");
                if (port.isAbsent()) {
                    throw port.error("is required");
                }
                return new BridgeAction(port.intOr(0, Ports.MIN, Ports.MAX));
            }
            default -> throw node.field("type").error("\"" + type + "\" is not an action type (use \"forward\" or \"bridge\")");
        }
    }

    private static ProxyProtocolConfig readProxyProtocol(Node node) {
        if (node.isAbsent()) {
            return ProxyProtocolConfig.none();
        }
        node.requireObject().allowOnly("trustedUpstreams");
        return new ProxyProtocolConfig(node.field("trustedUpstreams").listOf(Cidr::parse));
    }

    private static TlsConfig readTls(Node node, Path baseDir) {
        if (node.isAbsent()) {
            return TlsConfig.passthrough();
        }
        node.requireObject().allowOnly("mode", "certificates", "protocols", "alpn", "backend");
        String modeText = node.field("mode").requiredString();
        TlsMode mode = node.field("mode").convert(n -> {
            try {
                return TlsMode.valueOf(modeText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("\"" + modeText + "\" is not a TLS mode (use \"passthrough\", \"terminate\" or \"reencrypt\")");
            }
        });
        List<CertificateFiles> certificates = new ArrayList<>();
        Node certsNode = node.field("certificates");
        if (!certsNode.isAbsent()) {
            for (Node c : certsNode.elements()) {
                c.requireObject().allowOnly("cert", "key", "domains");
                Path cert = baseDir.resolve(c.field("cert").requiredString());
                Node keyNode = c.field("key");
                Path key = keyNode.isAbsent() ? cert : baseDir.resolve(keyNode.requireText());
                List<DomainPattern> domains = c.field("domains").listOf(DomainPattern::parse);
                certificates.add(new CertificateFiles(cert, key, domains));
            }
        }
        List<String> protocols = node.field("protocols").listOf(s -> s);
        List<String> alpn = node.field("alpn").listOf(s -> s);
        BackendTlsConfig backend = null;
        Node backendNode = node.field("backend");
        if (!backendNode.isAbsent()) {
            backendNode.requireObject().allowOnly("verify", "ca", "serverName");
            Node verifyNode = backendNode.field("verify");
            if (verifyNode.isAbsent()) {
                throw verifyNode.error("is required: true (with ca) or false, said explicitly");
            }
            boolean verify = verifyNode.booleanOr(false);
            Node caNode = backendNode.field("ca");
            Path ca = caNode.isAbsent() ? null : baseDir.resolve(caNode.requireText());
            String serverName = backendNode.field("serverName").stringOr(null);
            backend = backendNode.build(() -> new BackendTlsConfig(verify, ca, serverName));
        }
        BackendTlsConfig b = backend;
        return node.build(() -> new TlsConfig(mode, certificates, protocols, alpn, b));
    }

    private static RouteSecurity readSecurity(Node node) {
        if (node.isAbsent()) {
            return RouteSecurity.open();
        }
        node.requireObject().allowOnly("allow", "block", "maxConnections");
        List<Cidr> allow = node.field("allow").listOf(Cidr::parse);
        List<Cidr> block = node.field("block").listOf(Cidr::parse);
        int max = node.field("maxConnections").intOr(0, 0, Integer.MAX_VALUE);
        return new RouteSecurity(allow, block, max);
    }

    private static TimeoutsConfig readTimeouts(Node node, Problems problems) {
        TimeoutsConfig d = TimeoutsConfig.defaults();
        if (node.isAbsent()) {
            return d;
        }
        node.requireObject().allowOnly("initialDataTimeout", "socketTimeout", "inactivityTimeout",
                "inactivityCheckInterval", "maxConnectionLifetime", "forceCloseGrace", "gracefulShutdownTimeout",
                "disableInactivityCheck", "handshakeTimeout");
        // Each field on its own, so that every invalid one is named.
        Duration initial = problems.attempt(() -> node.field("initialDataTimeout").durationOr(d.initialDataTimeout(), false), d.initialDataTimeout());
        Duration socket = problems.attempt(() -> node.field("socketTimeout").durationOr(d.socketTimeout(), false), d.socketTimeout());
        Duration inactivity = problems.attempt(() -> node.field("inactivityTimeout").durationOr(d.inactivityTimeout(), false), d.inactivityTimeout());
        Duration check = problems.attempt(() -> node.field("inactivityCheckInterval").durationOr(d.inactivityCheckInterval(), false), d.inactivityCheckInterval());
        Duration lifetime = problems.attempt(() -> node.field("maxConnectionLifetime").durationOr(d.maxConnectionLifetime(), false), d.maxConnectionLifetime());
        Duration grace = problems.attempt(() -> node.field("forceCloseGrace").durationOr(d.forceCloseGrace(), true), d.forceCloseGrace());
        Duration shutdown = problems.attempt(() -> node.field("gracefulShutdownTimeout").durationOr(d.gracefulShutdownTimeout(), true), d.gracefulShutdownTimeout());
        Boolean disable = problems.attempt(() -> node.field("disableInactivityCheck").booleanOr(d.disableInactivityCheck()), d.disableInactivityCheck());
        Duration handshake = problems.attempt(() -> node.field("handshakeTimeout").durationOr(d.handshakeTimeout(), false), d.handshakeTimeout());
        return node.build(() -> new TimeoutsConfig(initial, socket, inactivity, check, lifetime, grace, shutdown, disable,
                handshake));
    }

    private static KeepAliveConfig readKeepAlive(Node node) {
        KeepAliveConfig d = KeepAliveConfig.defaults();
        if (node.isAbsent()) {
            return d;
        }
        node.requireObject().allowOnly("treatment", "inactivityMultiplier", "warningGrace");
        Node treatmentNode = node.field("treatment");
        KeepAliveTreatment treatment = treatmentNode.isAbsent() ? d.treatment()
                : treatmentNode.convert(n -> {
                    String t = treatmentNode.requireText();
                    try {
                        return KeepAliveTreatment.valueOf(t.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("\"" + t + "\" is not a treatment (use \"standard\", \"extended\" or \"immortal\")");
                    }
                });
        Node multiplierNode = node.field("inactivityMultiplier");
        double multiplier = d.inactivityMultiplier();
        if (!multiplierNode.isAbsent()) {
            if (!multiplierNode.json.isNumber()) {
                throw multiplierNode.error("expected a number >= 1, got " + multiplierNode.describe());
            }
            multiplier = multiplierNode.json.asDouble();
            if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
                throw multiplierNode.error("must be a number >= 1, not " + multiplierNode.json);
            }
        }
        Node graceNode = node.field("warningGrace");
        Duration grace = graceNode.isAbsent() || graceNode.json.isNull() ? null : graceNode.durationOr(null, false);
        double m = multiplier;
        return node.build(() -> new KeepAliveConfig(treatment, m, grace));
    }

    private static LimitsConfig readLimits(Node node, Problems problems) {
        LimitsConfig d = LimitsConfig.defaults();
        if (node.isAbsent()) {
            return d;
        }
        node.requireObject().allowOnly("maxConnections", "maxConnectionsPerIP", "connectionRateLimitPerMinute",
                "maxPendingDataSize");
        int max = problems.attempt(() -> node.field("maxConnections").intOr(d.maxConnections(), 0, Integer.MAX_VALUE), 0);
        int perIp = problems.attempt(() -> node.field("maxConnectionsPerIP").intOr(d.maxConnectionsPerIP(), 0, Integer.MAX_VALUE), 0);
        int rate = problems.attempt(() -> node.field("connectionRateLimitPerMinute").intOr(d.connectionRateLimitPerMinute(), 0, Integer.MAX_VALUE), 0);
        int pending = problems.attempt(() -> node.field("maxPendingDataSize").intOr(d.maxPendingDataSize(), 1, Integer.MAX_VALUE), 1);
        return node.build(() -> new LimitsConfig(max, perIp, rate, pending));
    }

    private static int checkedInt(JsonNode n) {
        if (!n.canConvertToInt()) {
            throw new IllegalArgumentException(n + " is out of range");
        }
        return n.intValue();
    }

    // ---------------------------------------------------------------- walking the tree with a path

    /** The field errors found so far, in the order of the file; reported together in one line. */
    private static final class Problems {
        private final List<FieldError> errors = new ArrayList<>();

        <T> T attempt(java.util.function.Supplier<T> read, T fallback) {
            try {
                return read.get();
            } catch (FieldError e) {
                errors.add(e);
                return fallback;
            }
        }

        void add(FieldError e) {
            errors.add(e);
        }

        boolean isEmpty() {
            return errors.isEmpty();
        }

        /** The first error's path; every error, each with its path, in the one message. */
        ConfigException toException() {
            FieldError first = errors.get(0);
            StringBuilder problem = new StringBuilder(first.getMessage());
            for (FieldError e : errors.subList(1, errors.size())) {
                problem.append("; ").append(e.path.isEmpty() ? "" : e.path + ": ").append(e.getMessage());
            }
            if (errors.size() > 1) {
                problem.append(" (").append(errors.size()).append(" problems)");
            }
            return new ConfigException(first.path, problem.toString(), first.getCause());
        }
    }

    /** An error tied to a field path; turned into a ConfigException at the top. */
    private static final class FieldError extends RuntimeException {
        final String path;

        FieldError(String path, String message, Throwable cause) {
            super(message, cause);
            this.path = path;
        }
    }

    /** A JSON node plus the path that leads to it, so every error message can name its field. */
    private static final class Node {
        final JsonNode json; // null when the field is absent
        final String path;

        Node(JsonNode json, String path) {
            this.json = json;
            this.path = path;
        }

        boolean isAbsent() {
            return json == null;
        }

        FieldError error(String problem) {
            return new FieldError(path, problem, null);
        }

        Node field(String name) {
            return new Node(json == null ? null : json.get(name), path.isEmpty() ? name : path + "." + name);
        }

        Node requireObject() {
            if (json == null || !json.isObject()) {
                throw error("expected an object, got " + describe());
            }
            return this;
        }

        Node allowOnly(String... names) {
            Set<String> allowed = Set.of(names);
            for (Map.Entry<String, JsonNode> property : json.properties()) {
                String name = property.getKey();
                if (!allowed.contains(name)) {
                    throw field(name).error("unknown field (expected one of " + String.join(", ", names) + ")");
                }
            }
            return this;
        }

        List<Node> elements() {
            if (json == null || !json.isArray()) {
                throw error("expected a list, got " + describe());
            }
            List<Node> out = new ArrayList<>();
            for (int i = 0; i < json.size(); i++) {
                out.add(new Node(json.get(i), path + "[" + i + "]"));
            }
            return out;
        }

        String requireText() {
            if (json == null || !json.isTextual()) {
                throw error("expected a string, got " + describe());
            }
            return json.asText();
        }

        String requiredString() {
            if (json == null) {
                throw error("is required");
            }
            return requireText();
        }

        String stringOr(String fallback) {
            return json == null ? fallback : requireText();
        }

        int intOr(int fallback, int min, int max) {
            if (json == null) {
                return fallback;
            }
            if (!json.isIntegralNumber() || !json.canConvertToInt()) {
                throw error("expected a whole number, got " + describe());
            }
            int value = json.intValue();
            if (value < min || value > max) {
                throw error(value + " is out of range (" + min + ".." + max + ")");
            }
            return value;
        }

        boolean booleanOr(boolean fallback) {
            if (json == null) {
                return fallback;
            }
            if (!json.isBoolean()) {
                throw error("expected true or false, got " + describe());
            }
            return json.booleanValue();
        }

        /** A string such as "30s" or a whole number of milliseconds. */
        Duration durationOr(Duration fallback, boolean zeroAllowed) {
            if (json == null) {
                return fallback;
            }
            Duration d;
            if (json.isIntegralNumber() && json.canConvertToLong()) {
                d = Duration.ofMillis(json.longValue());
            } else if (json.isTextual()) {
                d = convert(n -> DurationParser.parse(n.asText()));
            } else {
                throw error("expected a duration such as \"30s\" or a number of milliseconds, got " + describe());
            }
            if (d.isNegative() || (!zeroAllowed && d.isZero())) {
                throw error("must be " + (zeroAllowed ? "zero or more" : "more than zero") + ", got " + json);
            }
            if (d.compareTo(TimeoutsConfig.MAX_DURATION) > 0) {
                throw error("must be at most " + DurationParser.format(TimeoutsConfig.MAX_DURATION)
                        + " (about ten years), got " + json);
            }
            return d;
        }

        /** A list of strings, each turned into a value; an absent field is an empty list. */
        <T> List<T> listOf(Function<String, T> parser) {
            if (json == null) {
                return List.of();
            }
            List<T> out = new ArrayList<>();
            for (Node item : elements()) {
                String text = item.requireText();
                out.add(item.convert(n -> parser.apply(text)));
            }
            return out;
        }

        <T> T required(Function<Node, T> reader) {
            if (json == null) {
                throw error("is required");
            }
            return convert(ignored -> reader.apply(this));
        }

        /** Runs a value constructor, re-labelling its IllegalArgumentException with this path. */
        <T> T convert(Function<JsonNode, T> converter) {
            try {
                return converter.apply(json);
            } catch (FieldError e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new FieldError(path, e.getMessage(), e);
            }
        }

        <T> T build(java.util.function.Supplier<T> constructor) {
            return convert(ignored -> constructor.get());
        }

        String describe() {
            if (json == null) {
                return "nothing";
            }
            JsonNodeType type = json.getNodeType();
            return switch (type) {
                case STRING -> "\"" + json.asText() + "\"";
                case NUMBER, BOOLEAN -> json.toString();
                case NULL -> "null";
                case ARRAY -> "a list";
                case OBJECT -> "an object";
                default -> type.name().toLowerCase(Locale.ROOT);
            };
        }
    }
}
