package io.reunir.agent.probe.libraries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcMapsTest {
  private static ProcMaps parse(String text) throws IOException {
    return ProcMaps.parse(new BufferedReader(new StringReader(text)));
  }

  @Test
  void keepsFileBackedMappingsOnceAndMarksDeletedOnes() throws IOException {
    // As the kernel prints them (show_map_vma): the path column is padded to a fixed offset.
    ProcMaps maps = parse("""
        55d0c8a00000-55d0c8a3c000 r--p 00000000 fe:01 1311001                    /usr/sbin/nginx
        55d0c8a3c000-55d0c8b2a000 r-xp 0003c000 fe:01 1311001                    /usr/sbin/nginx
        55d0c9e1e000-55d0c9f5a000 rw-p 00000000 00:00 0                          [heap]
        7f3c19e00000-7f3c19e9a000 r--p 00000000 fe:01 1234567                    /usr/lib/x86_64-linux-gnu/libssl.so.3
        7f3c1a000000-7f3c1a1c5000 r-xp 0009a000 fe:01 1234567                    /usr/lib/x86_64-linux-gnu/libssl.so.3
        7f3c1a200000-7f3c1a228000 r--p 00000000 fe:01 1234570                    /usr/lib/x86_64-linux-gnu/libc.so.6 (deleted)
        7f3c1a400000-7f3c1a401000 rw-s 00000000 00:01 2048                       /memfd:pulseaudio (deleted)
        7f3c1a500000-7f3c1a600000 rw-s 00000000 00:01 32768                      /SYSV00000000 (deleted)
        7f3c1a700000-7f3c1a702000 r--p 00000000 fe:01 1400001                    /opt/My App/lib one.so
        7f3c1a800000-7f3c1a900000 rw-p 00000000 00:00 0\s
        7ffd3b1e0000-7ffd3b201000 rw-p 00000000 00:00 0                          [stack]
        7ffd3b3f2000-7ffd3b3f4000 r-xp 00000000 00:00 0                          [vdso]
        """);

    assertThat(maps.files()).containsExactly(
        Map.entry("/usr/sbin/nginx", false),
        Map.entry("/usr/lib/x86_64-linux-gnu/libssl.so.3", false),
        Map.entry("/usr/lib/x86_64-linux-gnu/libc.so.6", true),
        Map.entry("/opt/My App/lib one.so", false));
  }

  @Test
  void emptyMapsOfAKernelThreadHoldsNothing() throws IOException {
    assertThat(parse("").files()).isEmpty();
  }

  @Test
  void aLineThatIsNoMapsLineIsNamed() {
    assertThatThrownBy(() -> parse("garbage\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("garbage");
    assertThatThrownBy(() -> parse("7f00 r-xp 0 fe:01 12 /lib/x.so\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("address range");
  }

  /** The oracle is the kernel: this JVM's own maps must show the JVM's library and the java launcher. */
  @Test
  void readsThisJvmsOwnMaps() throws IOException {
    Path self = Path.of("/proc/self/maps");
    ProcMaps maps;
    try (BufferedReader in = Files.newBufferedReader(self)) {
      maps = ProcMaps.parse(in);
    }
    String javaHome = Path.of(System.getProperty("java.home")).toRealPath().toString();

    assertThat(maps.files().keySet())
        .anyMatch(p -> p.startsWith(javaHome) && p.endsWith("/libjvm.so"))
        .anyMatch(p -> p.startsWith(javaHome) && p.endsWith("/bin/java"))
        .allMatch(p -> p.startsWith("/"))
        .noneMatch(p -> p.startsWith("[") || p.endsWith(ProcMaps.DELETED_SUFFIX));
  }
}
