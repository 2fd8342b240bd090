/**
 * The one-command demo and the traffic generator. Traffic comes from core's seeded
 * {@link dev.blip.core.synth.SyntheticTraffic}, so the anomalies the demo reports can be checked
 * against what was injected.
 */
package dev.blip.demo;
