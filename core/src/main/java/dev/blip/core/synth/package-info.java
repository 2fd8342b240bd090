/**
 * Seeded synthetic event traffic with injected, labelled anomalies: the one generator used by
 * every module's tests, the benchmarks and the demo.
 */
package dev.blip.core.synth;
