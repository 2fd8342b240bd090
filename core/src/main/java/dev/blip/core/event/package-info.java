/**
 * The input of the whole pipeline: an event is a key, an event time and an optional category.
 * Parsing from files or Kafka records lives with the trainer and the scorer; this package only
 * holds the value type both of them hand to {@link dev.blip.core.bucket.Bucketer}.
 */
package dev.blip.core.event;
