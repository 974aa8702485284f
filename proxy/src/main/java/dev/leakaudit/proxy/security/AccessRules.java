package dev.leakaudit.proxy.security;

import dev.leakaudit.proxy.config.RouteSecurity;
import dev.leakaudit.proxy.net.Cidr;

import java.net.InetAddress;
import java.util.List;

/**
 * Allow and block lists of client networks. A block always wins; an empty allow list allows
 * everybody not blocked.
 */
public record AccessRules(List<Cidr> allow, List<Cidr> block) {

    private static final AccessRules ALLOW_ALL = new AccessRules(List.of(), List.of());

    public AccessRules {
        allow = allow == null ? List.of() : List.copyOf(allow);
        block = block == null ? List.of() : List.copyOf(block);
    }

    public static AccessRules allowAll() {
        return ALLOW_ALL;
    }

    public static AccessRules of(RouteSecurity security) {
        return security == null ? ALLOW_ALL : new AccessRules(security.allow(), security.block());
    }

    public boolean permits(InetAddress client) {
        if (client == null) {
            return false;
        }
        for (Cidr network : block) {
            if (network.contains(client)) {
                return false;
            }
        }
        if (allow.isEmpty()) {
            return true;
        }
        for (Cidr network : allow) {
            if (network.contains(client)) {
                return true;
            }
        }
        return false;
    }
}
