package io.switchboard.snapcall;

import java.util.List;

/** One item read from SnapCall, and what had to be read as null in it (one line each). */
public record SnapCallRead<T>(T value, List<String> problems) {
}
