package dev.blip.demo;

/**
 * Sizes of a demo run. The full run is what the README's first command does; the short run is
 * what the demo IT does.
 *
 * @param keys           keys of generated traffic
 * @param historyBuckets clean buckets the model trains on
 * @param replayBuckets  buckets replayed through Kafka, with anomalies
 * @param anomalies      anomalies injected into the replay
 * @param windowLength   model window length
 * @param hidden         LSTM hidden size
 * @param epochs         maximum training epochs
 * @param stride         every stride-th training window is used
 */
record DemoSettings(int keys, int historyBuckets, int replayBuckets, int anomalies, int windowLength, int hidden,
                    int epochs, int stride) {

    /** Three days of history and one day of replay (5-minute buckets) for 40 keys. */
    static DemoSettings full() {
        return new DemoSettings(40, 864, 288, 12, 16, 32, 15, 4);
    }

    static DemoSettings quick() {
        return new DemoSettings(16, 576, 192, 8, 16, 24, 15, 2);
    }
}
