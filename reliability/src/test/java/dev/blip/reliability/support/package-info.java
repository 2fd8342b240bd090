/**
 * Test harness: {@link dev.blip.reliability.support.ScorerProcess} (the scorer JVM, its /metrics
 * and jcmd), {@link dev.blip.reliability.support.Scenario} (topics, directories, environment),
 * {@link dev.blip.reliability.support.Workload} (seeded traffic and its offline expectation),
 * {@link dev.blip.reliability.support.Outputs} (the window-by-window comparison),
 * {@link dev.blip.reliability.support.BadRecords} and
 * {@link dev.blip.reliability.support.BundleFaults} (bad inputs and bad bundles), and
 * {@link dev.blip.reliability.support.KafkaIO} (producing, reading committed outputs, progress).
 */
package dev.blip.reliability.support;
