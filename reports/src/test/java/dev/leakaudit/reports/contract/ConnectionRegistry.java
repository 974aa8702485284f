package dev.leakaudit.reports.contract;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A helper's static list that keeps connections after close: what it keeps is retained. */
public final class ConnectionRegistry {

    public static final List<Object> CONNECTIONS = Collections.synchronizedList(new ArrayList<>());

    private ConnectionRegistry() {
    }
}
