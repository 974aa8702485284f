import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * The bytebuf kind's hot path, measured alike with and without the agent and with Netty's own leak
 * detector at each level: per message, a pooled direct buffer is allocated, written, passed through
 * a three-handler pipeline (a framer that hands on a retained slice and releases the whole, a
 * pass-through, a consumer that auto-releases), and so released. Prints
 * {@code ns-per-message WALL cpu CPU} for the measured rounds after the warm-up ones.
 * usage: java -cp netty-jars:. NettyBufferBench MESSAGES_PER_ROUND WARMUP_ROUNDS ROUNDS
 */
public final class NettyBufferBench {

    public static void main(String[] args) {
        int messages = Integer.parseInt(args[0]);
        int warmup = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        ByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;
        long[] consumed = new long[1];
        EmbeddedChannel channel = new EmbeddedChannel(
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ByteBuf whole = (ByteBuf) msg;
                        try {
                            ctx.fireChannelRead(whole.retainedSlice(4, whole.readableBytes() - 4));
                        } finally {
                            whole.release();
                        }
                    }
                },
                new ChannelInboundHandlerAdapter(),
                new SimpleChannelInboundHandler<ByteBuf>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                        consumed[0] += msg.getLong(msg.readerIndex());
                    }
                });
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long wall = 0;
        long cpu = 0;
        for (int round = 0; round < warmup + rounds; round++) {
            long startWall = System.nanoTime();
            long startCpu = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < messages; i++) {
                ByteBuf message = allocator.directBuffer(256);
                message.writeInt(i).writeLong(i).writeZero(100);
                channel.writeInbound(message);
            }
            if (round >= warmup) {
                wall += System.nanoTime() - startWall;
                cpu += threads.getCurrentThreadCpuTime() - startCpu;
            }
        }
        channel.finishAndReleaseAll();
        long total = (long) messages * rounds;
        System.out.println("ns-per-message " + wall / total + " cpu " + cpu / total + " (checksum " + consumed[0] + ")");
    }
}
