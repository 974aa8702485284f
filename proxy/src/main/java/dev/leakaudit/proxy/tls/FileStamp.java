package dev.leakaudit.proxy.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * What the files behind a certificate looked like when they were read (modification time and
 * size of each, through symbolic links as certificate tools lay them out), to notice a renewal.
 */
record FileStamp(List<String> parts) {

    static FileStamp of(Path... files) {
        List<String> parts = new ArrayList<>();
        for (Path f : files) {
            try {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                parts.add(f + "@" + a.lastModifiedTime().toMillis() + "/" + a.size() + "/" + a.fileKey());
            } catch (IOException e) {
                parts.add(f + "@missing");
            }
        }
        return new FileStamp(List.copyOf(parts));
    }
}
