/**
 * Incidents: many keys of one model opening an anomaly episode in the same bucket, written as one
 * record. The keys of an incident live in every input partition, so the scoring tasks forward their
 * episode openings and their close progress ({@link dev.blip.scorer.topology.incident.IncidentFeed})
 * through a one-partition repartition topic to a single incident task
 * ({@link dev.blip.scorer.topology.incident.IncidentProcessor}), which aggregates per model and
 * bucket in a changelogged store and writes an incident once every scoring task has closed the
 * bucket (or {@code incident.max.wait} after its first opening). All of it rides in the scoring
 * transactions, so incidents are exactly-once like the other outputs. Saved aggregates carry a
 * format number ({@link dev.blip.scorer.topology.incident.IncidentAggregate#FORMAT}).
 */
package dev.blip.scorer.topology.incident;
