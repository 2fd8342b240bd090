/**
 * Results people would rather see than read: the training report beside a bundle and the
 * per-series evaluation plots plus the aggregate table. Rendering only; every number comes from
 * the train and evaluate packages. Charts are XChart PNGs written atomically.
 */
package dev.blip.trainer.report;
