import dev.leakaudit.proxy.config.DomainPattern;
import dev.leakaudit.proxy.config.ForwardAction;
import dev.leakaudit.proxy.config.HostPort;
import dev.leakaudit.proxy.config.KeepAliveConfig;
import dev.leakaudit.proxy.config.KeepAliveTreatment;
import dev.leakaudit.proxy.config.LimitsConfig;
import dev.leakaudit.proxy.config.PortSet;
import dev.leakaudit.proxy.config.ProxyConfig;
import dev.leakaudit.proxy.config.RouteConfig;
import dev.leakaudit.proxy.config.RouteMatch;
import dev.leakaudit.proxy.config.RouteSecurity;
import dev.leakaudit.proxy.config.TimeoutsConfig;
import dev.leakaudit.proxy.engine.ProxyServer;
import dev.leakaudit.proxy.tls.ClientHelloParser;
import dev.leakaudit.proxy.tls.HostileHellos;
import dev.leakaudit.proxy.config.ProxyProtocolConfig;
import dev.leakaudit.proxy.net.Cidr;
import dev.leakaudit.proxy.proxyprotocol.HostileProxyHeaders;
import dev.leakaudit.proxy.proxyprotocol.ProxyHeaderParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Long runs against the proxy on 127.0.0.1 (see proxy-fuzz.sh, proxy-scale.sh, proxy-soak.sh):
 *   fuzz  PARSED THROUGH_PORT SEED   hostile ClientHellos, then PROXY headers, through their parsers and a real port
 *   serve HELD                       a proxy for the scale run; checks itself once HELD came and went
 *   hold  SNI_PORT PLAIN_PORT BACKEND_PORT IDLE FORWARDED   the scale run's clients and backend
 *   soak  SECONDS                    mixed traffic at a low steady rate, sampled every 10 s
 * Exit status 0 when every check passed.
 */
public final class ProxyStress {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    public static void main(String[] args) throws Exception {
        int status = switch (args[0]) {
            case "fuzz" -> fuzz(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3]));
            case "serve" -> serve(Integer.parseInt(args[1]));
            case "hold" -> hold(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]), Integer.parseInt(args[5]));
            case "soak" -> soak(Integer.parseInt(args[1]));
            default -> throw new IllegalArgumentException(args[0]);
        };
        System.exit(status);
    }

    // ------------------------------------------------------------------ configuration

    static RouteConfig sniRoute(int port, int target) {
        return new RouteConfig("sni", 0, new RouteMatch(PortSet.of(port), List.of(DomainPattern.parse("*.example.com")), List.of()),
                new ForwardAction(new HostPort("127.0.0.1", target), false), RouteSecurity.open());
    }

    static RouteConfig plainRoute(int port, int target) {
        return new RouteConfig("plain", 0, RouteMatch.ports(PortSet.of(port)),
                new ForwardAction(new HostPort("127.0.0.1", target), false), RouteSecurity.open());
    }

    static ProxyConfig config(List<RouteConfig> routes, Duration initial, Duration inactivity) {
        TimeoutsConfig t = TimeoutsConfig.defaults().withInitialDataTimeout(initial).withInactivityTimeout(inactivity)
                .withInactivityCheckInterval(Duration.ofMillis(200)).withForceCloseGrace(Duration.ofSeconds(1))
                .withGracefulShutdownTimeout(Duration.ofSeconds(5));
        return ProxyConfig.defaults().withRoutes(routes).withTimeouts(t)
                .withKeepAlive(new KeepAliveConfig(KeepAliveTreatment.STANDARD, 6, null))
                .withLimits(LimitsConfig.unlimited()).withEventLoops(2).withStatsInterval(Duration.ZERO);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void await(String what, long timeoutMillis, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** A backend that reads everything and closes when the peer does. */
    static ServerSocket sinkBackend(ExecutorService threads) throws IOException {
        ServerSocket backend = new ServerSocket(0, 1000, LOOPBACK);
        threads.submit(() -> {
            while (!backend.isClosed()) {
                Socket s;
                try {
                    s = backend.accept();
                } catch (IOException closed) {
                    return null;
                }
                threads.submit(() -> {
                    try (Socket c = s) {
                        c.setSoTimeout(60_000);
                        InputStream in = c.getInputStream();
                        OutputStream out = c.getOutputStream();
                        byte[] buf = new byte[8192];
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            out.write(buf, 0, n); // echo
                        }
                    } catch (IOException ignored) {
                        // a faulty peer
                    }
                    return null;
                });
            }
            return null;
        });
        return backend;
    }

    static String checkEmpty(ProxyServer proxy) {
        StringBuilder problems = new StringBuilder();
        if (proxy.activeConnections() != 0) problems.append(" active=").append(proxy.activeConnections());
        if (!proxy.connectionsByIp().isEmpty()) problems.append(" perIp=").append(proxy.connectionsByIp());
        if (!proxy.connectionsByRoute().isEmpty()) problems.append(" perRoute=").append(proxy.connectionsByRoute());
        if (proxy.scheduledTimers() > 1) problems.append(" timers=").append(proxy.scheduledTimers());
        if (proxy.outstandingBuffers() != 0) problems.append(" buffers=").append(proxy.outstandingBuffers());
        return problems.toString();
    }

    // ------------------------------------------------------------------ fuzz

    static int fuzz(int parsed, int throughPort, long seed) throws Exception {
        long start = System.nanoTime();
        HostileHellos hellos = new HostileHellos(seed);
        SplittableRandom random = new SplittableRandom(seed);
        Map<ClientHelloParser.Status, Integer> byStatus = new EnumMap<>(ClientHelloParser.Status.class);
        int mismatches = 0;
        int exceptions = 0;
        long bytes = 0;
        for (int i = 0; i < parsed; i++) {
            byte[] input = hellos.next();
            bytes += input.length;
            try {
                ClientHelloParser.Result whole = ClientHelloParser.parse(ByteBuffer.wrap(input));
                byStatus.merge(whole.status(), 1, Integer::sum);
                int splits = i % 1000 == 0 ? input.length + 1 : 2;
                for (int s = 0; s < splits; s++) {
                    int at = i % 1000 == 0 ? s : random.nextInt(input.length + 1);
                    ClientHelloParser.Incremental p = new ClientHelloParser.Incremental();
                    p.offer(ByteBuffer.wrap(input, 0, at));
                    if (!whole.equals(p.offer(ByteBuffer.wrap(input, at, input.length - at)))) {
                        mismatches++;
                    }
                }
            } catch (RuntimeException e) {
                exceptions++;
            }
        }
        long parseMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("fuzz parser: %d inputs (%d MB), %d ms, by answer %s, split mismatches %d, exceptions %d%n",
                parsed, bytes >> 20, parseMillis, byStatus, mismatches, exceptions);

        ExecutorService threads = Executors.newCachedThreadPool();
        ServerSocket backend = sinkBackend(threads);
        int port = freePort();
        ProxyServer proxy = new ProxyServer(config(List.of(sniRoute(port, backend.getLocalPort())),
                Duration.ofSeconds(2), Duration.ofSeconds(30)));
        proxy.start();
        long portStart = System.nanoTime();
        int hangs = 0;
        for (int i = 0; i < throughPort; i++) {
            byte[] hello = hellos.next();
            try (Socket c = new Socket()) {
                c.connect(new InetSocketAddress(LOOPBACK, port), 10_000);
                c.setSoTimeout(10_000);
                try {
                    c.getOutputStream().write(hello);
                    c.shutdownOutput();
                    c.getInputStream().transferTo(OutputStream.nullOutputStream());
                } catch (java.net.SocketTimeoutException e) {
                    hangs++;
                } catch (IOException resetByTheProxy) {
                    // refused hellos may be reset
                }
            }
        }
        await("every fuzz connection to end", 30_000, () -> proxy.stats().closedCount() >= throughPort);
        long portMillis = (System.nanoTime() - portStart) / 1_000_000;
        long reasons = proxy.stats().incomingTerminations().values().stream().mapToLong(Long::longValue).sum();
        proxy.stop().get(30, TimeUnit.SECONDS);
        String left = checkEmpty(proxy);
        backend.close();
        threads.shutdownNow();
        System.out.printf("fuzz port: %d connections, %d ms, reasons %s (total %d), hangs %d, left:%s%n",
                throughPort, portMillis, proxy.stats().incomingTerminations(), reasons, hangs, left.isEmpty() ? " nothing" : left);
        boolean ok = mismatches == 0 && exceptions == 0 && hangs == 0 && reasons == throughPort && left.isEmpty();
        boolean headersOk = fuzzProxyHeaders(parsed, throughPort, seed);
        ok &= headersOk;
        System.out.println(ok ? "fuzz: PASS" : "fuzz: FAIL");
        return ok ? 0 : 1;
    }

    /**
     * The same for PROXY protocol headers: the parser, each input whole and split, then a real port
     * whose client (127.0.0.1) is a trusted upstream, so every hostile header reaches the parser.
     */
    static boolean fuzzProxyHeaders(int parsed, int throughPort, long seed) throws Exception {
        long start = System.nanoTime();
        HostileProxyHeaders headers = new HostileProxyHeaders(seed);
        SplittableRandom random = new SplittableRandom(seed);
        Map<ProxyHeaderParser.Status, Integer> byStatus = new EnumMap<>(ProxyHeaderParser.Status.class);
        int mismatches = 0;
        int exceptions = 0;
        long bytes = 0;
        for (int i = 0; i < parsed; i++) {
            byte[] input = headers.next();
            bytes += input.length;
            try {
                ProxyHeaderParser.Result whole = ProxyHeaderParser.parse(ByteBuffer.wrap(input));
                byStatus.merge(whole.status(), 1, Integer::sum);
                int splits = i % 1000 == 0 ? input.length + 1 : 2;
                for (int s = 0; s < splits; s++) {
                    int at = i % 1000 == 0 ? s : random.nextInt(input.length + 1);
                    ProxyHeaderParser p = new ProxyHeaderParser();
                    p.offer(ByteBuffer.wrap(input, 0, at));
                    if (!whole.equals(p.offer(ByteBuffer.wrap(input, at, input.length - at)))) {
                        mismatches++;
                    }
                }
            } catch (RuntimeException e) {
                exceptions++;
            }
        }
        long parseMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("fuzz PROXY parser: %d inputs (%d KB), %d ms, by answer %s, split mismatches %d, exceptions %d%n",
                parsed, bytes >> 10, parseMillis, byStatus, mismatches, exceptions);

        ExecutorService threads = Executors.newCachedThreadPool();
        ServerSocket backend = sinkBackend(threads);
        int port = freePort();
        ProxyServer proxy = new ProxyServer(config(List.of(plainRoute(port, backend.getLocalPort())),
                Duration.ofSeconds(2), Duration.ofSeconds(30))
                .withProxyProtocol(new ProxyProtocolConfig(List.of(Cidr.parse("127.0.0.1")))));
        proxy.start();
        long portStart = System.nanoTime();
        int hangs = 0;
        for (int i = 0; i < throughPort; i++) {
            byte[] header = headers.next();
            try (Socket c = new Socket()) {
                c.connect(new InetSocketAddress(LOOPBACK, port), 10_000);
                c.setSoTimeout(10_000);
                try {
                    c.getOutputStream().write(header);
                    c.shutdownOutput();
                    c.getInputStream().transferTo(OutputStream.nullOutputStream());
                } catch (java.net.SocketTimeoutException e) {
                    hangs++;
                } catch (IOException resetByTheProxy) {
                    // refused headers may be reset
                }
            }
        }
        await("every PROXY fuzz connection to end", 30_000, () -> proxy.stats().closedCount() >= throughPort);
        long portMillis = (System.nanoTime() - portStart) / 1_000_000;
        long reasons = proxy.stats().incomingTerminations().values().stream().mapToLong(Long::longValue).sum();
        proxy.stop().get(30, TimeUnit.SECONDS);
        String left = checkEmpty(proxy);
        backend.close();
        threads.shutdownNow();
        System.out.printf("fuzz PROXY port: %d connections, %d ms, reasons %s (total %d), hangs %d, left:%s%n",
                throughPort, portMillis, proxy.stats().incomingTerminations(), reasons, hangs, left.isEmpty() ? " nothing" : left);
        return mismatches == 0 && exceptions == 0 && hangs == 0 && reasons == throughPort && left.isEmpty();
    }

    // ------------------------------------------------------------------ scale (two processes)

    static int serve(int expected) throws Exception {
        int sniPort = freePort();
        int plainPort = freePort();
        ServerSocket backendProbe = new ServerSocket(0, 1, LOOPBACK); // the backend port, given to hold
        int backendPort = backendProbe.getLocalPort();
        backendProbe.close();
        ProxyServer proxy = new ProxyServer(config(List.of(sniRoute(sniPort, backendPort), plainRoute(plainPort, backendPort)),
                Duration.ofMinutes(5), Duration.ofMinutes(5)));
        proxy.start();
        System.out.println("ports " + sniPort + " " + plainPort + " " + backendPort);
        System.out.flush();
        long t0 = System.nanoTime();
        await("all " + expected + " connections", 300_000, () -> proxy.activeConnections() >= expected);
        long heldAt = System.nanoTime();
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf("scale: %d connections held after %d ms; timers queued %d; buffers held %d; heap after GC %d MB; fds %d%n",
                proxy.activeConnections(), (heldAt - t0) / 1_000_000, proxy.scheduledTimers(), proxy.outstandingBuffers(),
                heap >> 20, fds());
        await("the connections to close", 300_000, () -> proxy.activeConnections() == 0);
        System.out.printf("scale: all closed %d ms after being held; closed %d, reasons %s%n",
                (System.nanoTime() - heldAt) / 1_000_000, proxy.stats().closedCount(), proxy.stats().incomingTerminations());
        await("the timers to go", 10_000, () -> proxy.scheduledTimers() <= 1);
        String left = checkEmpty(proxy);
        System.out.println("scale: after closing, left:" + (left.isEmpty() ? " nothing (maps, per-IP table, timer queue empty)" : left));
        proxy.stop().get(30, TimeUnit.SECONDS);
        System.out.println(left.isEmpty() ? "scale: PASS" : "scale: FAIL");
        return left.isEmpty() ? 0 : 1;
    }

    static int hold(int sniPort, int plainPort, int backendPort, int idle, int forwarded) throws Exception {
        List<SocketChannel> clients = new ArrayList<>();
        List<Socket> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
        ServerSocket backend = new ServerSocket();
        backend.bind(new InetSocketAddress(LOOPBACK, backendPort), 4096);
        Thread acceptor = new Thread(() -> {
            while (!backend.isClosed()) {
                try {
                    accepted.add(backend.accept());
                } catch (IOException closed) {
                    return;
                }
            }
        });
        acceptor.start();
        long t0 = System.nanoTime();
        for (int i = 0; i < forwarded; i++) {
            SocketChannel c = SocketChannel.open(new InetSocketAddress(LOOPBACK, plainPort));
            c.write(ByteBuffer.wrap(new byte[] {1}));
            clients.add(c);
        }
        for (int i = 0; i < idle; i++) {
            clients.add(SocketChannel.open(new InetSocketAddress(LOOPBACK, sniPort)));
        }
        await("the backend to see every forwarded connection", 300_000, () -> accepted.size() >= forwarded);
        System.out.printf("hold: %d idle SNI + %d forwarded connections open after %d ms; fds %d%n",
                idle, forwarded, (System.nanoTime() - t0) / 1_000_000, fds());
        Thread.sleep(2000);
        for (SocketChannel c : clients) {
            c.close();
        }
        synchronized (accepted) {
            for (Socket s : accepted) {
                s.close();
            }
        }
        backend.close();
        acceptor.join();
        System.out.println("hold: closed everything");
        return 0;
    }

    static long fds() {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        } catch (IOException e) {
            return -1;
        }
    }

    // ------------------------------------------------------------------ soak

    static int soak(int seconds) throws Exception {
        ExecutorService threads = Executors.newCachedThreadPool();
        ServerSocket backend = sinkBackend(threads);
        int sniPort = freePort();
        int plainPort = freePort();
        ProxyServer proxy = new ProxyServer(config(List.of(sniRoute(sniPort, backend.getLocalPort()),
                plainRoute(plainPort, backend.getLocalPort())), Duration.ofSeconds(2), Duration.ofSeconds(20)));
        proxy.start();
        java.util.concurrent.ScheduledExecutorService load = Executors.newScheduledThreadPool(4);
        AtomicLong failures = new AtomicLong();
        AtomicLong done = new AtomicLong();
        HostileHellos hellos = new HostileHellos(7);
        SplittableRandom random = new SplittableRandom(7);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        // Long streams: four connections, 1 KiB each way every 100 ms, each renewed every minute.
        for (int i = 0; i < 4; i++) {
            threads.submit(() -> {
                while (System.nanoTime() < end) {
                    try (Socket c = new Socket(LOOPBACK, plainPort)) {
                        c.setSoTimeout(10_000);
                        long until = Math.min(end, System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
                        byte[] chunk = new byte[1024];
                        while (System.nanoTime() < until) {
                            c.getOutputStream().write(chunk);
                            c.getInputStream().readNBytes(chunk.length);
                            Thread.sleep(100);
                        }
                        c.shutdownOutput();
                        c.getInputStream().transferTo(OutputStream.nullOutputStream());
                        done.incrementAndGet();
                    } catch (IOException | InterruptedException e) {
                        failures.incrementAndGet();
                    }
                }
                return null;
            });
        }
        // Short request/response connections, 10 per second.
        load.scheduleAtFixedRate(() -> {
            try (Socket c = new Socket(LOOPBACK, plainPort)) {
                c.setSoTimeout(10_000);
                c.getOutputStream().write(new byte[100]);
                c.shutdownOutput();
                if (c.getInputStream().readAllBytes().length != 100) {
                    failures.incrementAndGet();
                }
                done.incrementAndGet();
            } catch (IOException e) {
                failures.incrementAndGet();
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        // Faulty peers, 3 per second: a reset, a client that vanishes, a hostile ClientHello.
        load.scheduleAtFixedRate(() -> {
            int kind = random.nextInt(3);
            try (Socket c = new Socket(LOOPBACK, kind == 2 ? sniPort : plainPort)) {
                c.setSoTimeout(10_000);
                if (kind == 0) {
                    c.getOutputStream().write(new byte[10]);
                    c.setSoLinger(true, 0);
                } else if (kind == 1) {
                    c.getOutputStream().write(new byte[5000]);
                } else {
                    byte[] hello;
                    synchronized (hellos) {
                        hello = hellos.next();
                    }
                    c.getOutputStream().write(hello);
                    c.shutdownOutput();
                    c.getInputStream().transferTo(OutputStream.nullOutputStream());
                }
            } catch (IOException expected) {
                // faulty on purpose
            }
        }, 50, 333, TimeUnit.MILLISECONDS);

        List<long[]> samples = new ArrayList<>();
        var threadsBean = ManagementFactory.getThreadMXBean();
        var memory = ManagementFactory.getMemoryMXBean();
        System.out.println("soak: t(s) fds threads heapAfterGC(KB) active closed");
        long start = System.nanoTime();
        while (System.nanoTime() < end) {
            Thread.sleep(10_000);
            System.gc();
            long[] sample = {(System.nanoTime() - start) / 1_000_000_000L, fds(), threadsBean.getThreadCount(),
                    memory.getHeapMemoryUsage().getUsed() >> 10, proxy.activeConnections(), proxy.stats().closedCount()};
            samples.add(sample);
            System.out.printf("soak: %d %d %d %d %d %d%n", sample[0], sample[1], sample[2], sample[3], sample[4], sample[5]);
        }
        load.shutdown();
        load.awaitTermination(30, TimeUnit.SECONDS);
        await("the load to finish", 120_000, () -> proxy.activeConnections() == 0);
        proxy.stop().get(30, TimeUnit.SECONDS);
        String left = checkEmpty(proxy);
        backend.close();
        threads.shutdownNow();
        // Upward trend: the mean of the last third against the first third (the first sample is warm-up).
        List<long[]> steady = samples.subList(Math.min(1, samples.size()), samples.size());
        int third = Math.max(1, steady.size() / 3);
        boolean ok = left.isEmpty();
        String[] names = {"", "fds", "threads", "heapAfterGC(KB)"};
        for (int col = 1; col <= 3; col++) {
            double first = mean(steady.subList(0, third), col);
            double last = mean(steady.subList(steady.size() - third, steady.size()), col);
            double allowed = switch (col) {
                case 1 -> first + 20;
                case 2 -> first + 3;
                default -> first * 1.25 + 8 * 1024;
            };
            boolean up = last > allowed;
            ok &= !up;
            System.out.printf("soak: %s first third %.0f, last third %.0f (%s)%n", names[col], first, last,
                    up ? "UPWARD TREND" : "flat");
        }
        System.out.printf("soak: %d connections closed, reasons %s, client-side failures %d, left:%s%n",
                proxy.stats().closedCount(), proxy.stats().incomingTerminations(), failures.get(),
                left.isEmpty() ? " nothing" : left);
        System.out.println(ok ? "soak: PASS" : "soak: FAIL");
        return ok ? 0 : 1;
    }

    static double mean(List<long[]> rows, int col) {
        return rows.stream().mapToLong(r -> r[col]).average().orElse(0);
    }
}
