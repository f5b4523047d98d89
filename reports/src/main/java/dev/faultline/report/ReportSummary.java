package dev.faultline.report;

/**
 * What a written report contains: trace events read, lifelines (nodes and clients), message arrows
 * (a duplicate copy is its own arrow), client operations, and the file size in bytes.
 */
public record ReportSummary(long events, int lifelines, int arrows, int operations, long bytes) {}
