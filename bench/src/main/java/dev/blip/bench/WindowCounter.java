package dev.blip.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Counts windows reconstructed, so JMH reports windows per second next to calls per second
 * (one call reconstructs a whole batch).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class WindowCounter {

    public long windows;

    @Setup(Level.Iteration)
    public void reset() {
        windows = 0;
    }
}
