package dev.identitybridge.benchmarks;

/** One side of a comparison: a name for the report and the operation it repeats. */
public record Variant(String name, Operation operation) {}
