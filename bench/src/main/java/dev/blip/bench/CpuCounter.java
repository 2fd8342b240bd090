package dev.blip.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Work done per CPU second of the benchmark thread, next to JMH's wall-clock rate. The build
 * machine is shared (other jobs on the same 2 cores), so wall-clock throughput there measures the
 * scheduler as much as the code; {@code work / cpuNanos} is what one core delivers while it
 * actually runs the benchmark. Valid because with {@code OMP_NUM_THREADS=1} ND4J computes on the
 * calling thread. Both are totals (EVENTS); divide them to get the rate.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuCounter {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public long cpuNanos;
    public long work;
    private long started;

    @Setup(Level.Iteration)
    public void reset() {
        cpuNanos = 0;
        work = 0;
    }

    void start() {
        started = THREADS.getCurrentThreadCpuTime();
    }

    void stop(long done) {
        cpuNanos += THREADS.getCurrentThreadCpuTime() - started;
        work += done;
    }
}
