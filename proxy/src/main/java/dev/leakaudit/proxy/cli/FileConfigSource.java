package dev.leakaudit.proxy.cli;

import dev.leakaudit.proxy.config.ConfigException;
import dev.leakaudit.proxy.config.ConfigLoader;
import dev.leakaudit.proxy.config.ProxyConfig;
import dev.leakaudit.proxy.engine.ProxyServer;
import java.nio.file.Path;

/** The configuration file given with --config, read again at each reload. */
final class FileConfigSource implements ProxyServer.ConfigSource {

    private final Path file;

    FileConfigSource(Path file) {
        this.file = file;
    }

    @Override
    public ProxyConfig load() throws ConfigException {
        return ConfigLoader.load(file);
    }

    @Override
    public String describe() {
        return file.toString();
    }
}
