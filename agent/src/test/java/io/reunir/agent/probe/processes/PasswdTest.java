package io.reunir.agent.probe.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PasswdTest {
  @Test
  void mapsUidsAndSkipsWhatIsNotAnEntry() {
    Passwd passwd = Passwd.parse("# comment\r\nroot:x:0:0:root:/root:/bin/bash\r\n+nisuser::::::\n"
        + "broken line\nbad:x:notanumber:0::/:/bin/sh\nshadow:x:0:0::/:/bin/sh\n"
        + "alice:x:1000:1000::/home/a:\n");

    assertThat(passwd.name(0)).contains("root");
    assertThat(passwd.name(1000)).contains("alice");
    assertThat(passwd.name(42)).isEmpty();
  }

  @Test
  void readsThisMachinesPasswd() throws Exception {
    assertThat(Passwd.parse(Files.readString(Path.of("/etc/passwd"))).name(0)).contains("root");
  }
}
