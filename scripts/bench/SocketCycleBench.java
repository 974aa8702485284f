import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;

/**
 * One loopback cycle: connect, accept, write one byte, read it, close both sides. Prints the
 * median wall-clock and CPU nanoseconds per cycle over several measured rounds, after a warm-up. Run by
 * socket-cycle.sh with and without the agent attached, in the same run.
 */
public final class SocketCycleBench {

    public static void main(String[] args) throws Exception {
        int warmup = Integer.parseInt(args.length > 0 ? args[0] : "5000");
        int cycles = Integer.parseInt(args.length > 1 ? args[1] : "5000");
        int rounds = Integer.parseInt(args.length > 2 ? args[2] : "5");
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(0, 128, loopback)) {
            run(server, loopback, warmup);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long[] perCycle = new long[rounds];
            long[] cpuPerCycle = new long[rounds];
            for (int round = 0; round < rounds; round++) {
                long start = System.nanoTime();
                long cpuStart = threads.getCurrentThreadCpuTime();
                run(server, loopback, cycles);
                cpuPerCycle[round] = (threads.getCurrentThreadCpuTime() - cpuStart) / cycles;
                perCycle[round] = (System.nanoTime() - start) / cycles;
            }
            Arrays.sort(perCycle);
            Arrays.sort(cpuPerCycle);
            // CPU time of the one thread doing the work is steadier than wall time on a busy machine
            System.out.println("ns-per-cycle " + perCycle[rounds / 2] + " cpu-ns-per-cycle " + cpuPerCycle[rounds / 2]);
        }
    }

    private static void run(ServerSocket server, InetAddress loopback, int cycles) throws Exception {
        for (int i = 0; i < cycles; i++) {
            try (Socket client = new Socket(loopback, server.getLocalPort());
                 Socket accepted = server.accept()) {
                client.getOutputStream().write(1);
                InputStream in = accepted.getInputStream();
                if (in.read() != 1) {
                    throw new IllegalStateException("lost the byte");
                }
            }
        }
    }
}
