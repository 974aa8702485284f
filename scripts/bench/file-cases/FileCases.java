import java.io.*;
import java.lang.ref.WeakReference;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.*;

/**
 * File cases for comparing file-leak detectors. Every case uses its own file name:
 * L01..L14 are leaks, C01..C08 are clean controls. Leaked objects stay reachable
 * through LEAKS until the JVM exits normally.
 */
public class FileCases {
    static final List<Object> LEAKS = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        long mainStart = System.currentTimeMillis();
        Path base = args.length > 0 ? Paths.get(args[0]) : Paths.get(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(base);
        Path dir = Files.createTempDirectory(base, "filecases-");
        System.out.println("FileCases dir " + dir);

        // ---- set-up (all closed) ----
        for (String n : new String[] {"L01-FileInputStream.txt", "L02-FileOutputStream.txt", "L03-RandomAccessFile.txt",
                "L04-FileChannel.open.txt", "L05-Files.newInputStream.txt", "L06-Files.newOutputStream.txt",
                "L07-Files.newBufferedReader.txt", "L08-Files.newByteChannel.txt", "L09-Files.lines.txt",
                "L14-FileInputStream-gc.txt", "C01-FileInputStream-twr.txt", "C02-FileChannel-twr.txt",
                "C04-Files.lines-twr.txt", "C06-getChannel-size.txt", "C07-double-close.txt"}) {
            Files.write(dir.resolve(n), List.of("first line of " + n, "second line"), StandardCharsets.UTF_8);
        }
        for (String d : new String[] {"L10-Files.list-dir", "L11-newDirectoryStream-dir", "C05-Files.walk-dir"}) {
            Path p = Files.createDirectories(dir.resolve(d).resolve("sub"));
            Files.write(dir.resolve(d).resolve("a.txt"), List.of("a"));
            Files.write(p.resolve("b.txt"), List.of("b"));
        }
        for (String z : new String[] {"L12-ZipFile.zip", "L13-JarFile.jar", "C03-ZipFile-twr.zip"}) {
            try (ZipOutputStream zo = new ZipOutputStream(Files.newOutputStream(dir.resolve(z)))) {
                zo.putNextEntry(new ZipEntry("entry.txt"));
                zo.write("hello".getBytes(StandardCharsets.UTF_8));
                zo.closeEntry();
            }
        }

        // ---- LEAKS ----
        FileInputStream l01 = new FileInputStream(dir.resolve("L01-FileInputStream.txt").toFile());
        l01.read();
        LEAKS.add(l01);
        FileOutputStream l02 = new FileOutputStream(dir.resolve("L02-FileOutputStream.txt").toFile());
        l02.write('x');
        LEAKS.add(l02);
        RandomAccessFile l03 = new RandomAccessFile(dir.resolve("L03-RandomAccessFile.txt").toFile(), "r");
        l03.read();
        LEAKS.add(l03);
        FileChannel l04 = FileChannel.open(dir.resolve("L04-FileChannel.open.txt"));
        l04.size();
        LEAKS.add(l04);
        InputStream l05 = Files.newInputStream(dir.resolve("L05-Files.newInputStream.txt"));
        l05.read();
        LEAKS.add(l05);
        OutputStream l06 = Files.newOutputStream(dir.resolve("L06-Files.newOutputStream.txt"));
        l06.write('x');
        LEAKS.add(l06);
        BufferedReader l07 = Files.newBufferedReader(dir.resolve("L07-Files.newBufferedReader.txt"));
        l07.readLine();
        LEAKS.add(l07);
        SeekableByteChannel l08 = Files.newByteChannel(dir.resolve("L08-Files.newByteChannel.txt"));
        l08.size();
        LEAKS.add(l08);
        Stream<String> l09 = Files.lines(dir.resolve("L09-Files.lines.txt"));
        Iterator<String> l09it = l09.iterator();
        l09it.next();
        LEAKS.add(l09);
        LEAKS.add(l09it);
        Stream<Path> l10 = Files.list(dir.resolve("L10-Files.list-dir"));
        Iterator<Path> l10it = l10.iterator();
        l10it.next();
        LEAKS.add(l10);
        LEAKS.add(l10it);
        DirectoryStream<Path> l11 = Files.newDirectoryStream(dir.resolve("L11-newDirectoryStream-dir"));
        Iterator<Path> l11it = l11.iterator();
        l11it.next();
        LEAKS.add(l11);
        LEAKS.add(l11it);
        ZipFile l12 = new ZipFile(dir.resolve("L12-ZipFile.zip").toFile());
        l12.getEntry("entry.txt");
        LEAKS.add(l12);
        JarFile l13 = new JarFile(dir.resolve("L13-JarFile.jar").toFile());
        l13.getEntry("entry.txt");
        LEAKS.add(l13);
        WeakReference<FileInputStream> l14 = dropUnclosed(dir.resolve("L14-FileInputStream-gc.txt").toFile());
        long gcStart = System.nanoTime();
        while (l14.get() != null && System.nanoTime() - gcStart < 10_000_000_000L) {
            System.gc();
            Thread.sleep(50);
        }
        System.out.println("L14 collected: " + (l14.get() == null) + " after "
                + (System.nanoTime() - gcStart) / 1_000_000 + " ms");

        // ---- CLEAN CONTROLS ----
        try (FileInputStream in = new FileInputStream(dir.resolve("C01-FileInputStream-twr.txt").toFile())) {
            in.read();
        }
        try (FileChannel ch = FileChannel.open(dir.resolve("C02-FileChannel-twr.txt"))) {
            ch.size();
        }
        try (ZipFile zf = new ZipFile(dir.resolve("C03-ZipFile-twr.zip").toFile())) {
            zf.getEntry("entry.txt");
        }
        try (Stream<String> s = Files.lines(dir.resolve("C04-Files.lines-twr.txt"))) {
            s.count();
        }
        try (Stream<Path> s = Files.walk(dir.resolve("C05-Files.walk-dir"))) {
            s.count();
        }
        FileInputStream c06 = new FileInputStream(dir.resolve("C06-getChannel-size.txt").toFile());
        c06.getChannel().size();
        c06.close();
        try (InputStream r = FileCases.class.getResourceAsStream("/C08-classpath-resource.txt")) {
            if (r == null) throw new IllegalStateException("C08 resource not on class path");
            r.readAllBytes();
        }
        FileInputStream c07 = new FileInputStream(dir.resolve("C07-double-close.txt").toFile());
        c07.read();
        c07.close();
        c07.close();

        System.out.println("FileCases done: " + LEAKS.size() + " leak objects held");
        System.out.println("FileCases timing: main-start-ms " + mainStart + " main-end-ms " + System.currentTimeMillis());
    }

    static WeakReference<FileInputStream> dropUnclosed(File f) throws IOException {
        FileInputStream in = new FileInputStream(f);
        in.read();
        return new WeakReference<>(in);
    }
}
