package io.reunir.agent.probe.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcStatTest {
  private static final String TAIL = " 100 0 0 0 0 0 0 0 20 0 1 0 468908 3133440 390";

  @Test
  void commWithSpacesAndParenthesesRunsToTheLastParenthesis() {
    ProcStat stat = ProcStat.parse("3100 (a) b (c) S 3000 3100 3100 0 -1 4194560" + TAIL);

    assertThat(stat.pid()).isEqualTo(3100);
    assertThat(stat.comm()).isEqualTo("a) b (c");
    assertThat(stat.ppid()).isEqualTo(3000);
    assertThat(stat.kernelThread()).isFalse();
  }

  @Test
  void kernelThreadsAreToldByTheirFlags() {
    assertThat(ProcStat.parse("2 (kthreadd) S 0 0 0 0 -1 2129984" + TAIL).kernelThread()).isTrue();
  }

  @Test
  void readsThisJvmsOwnStat() throws Exception {
    long self = ProcessHandle.current().pid();
    ProcStat stat = ProcStat.parse(Files.readString(Path.of("/proc/" + self + "/stat")).strip());

    assertThat(stat.pid()).isEqualTo(self);
    assertThat(stat.ppid()).isEqualTo(ProcessHandle.current().parent().orElseThrow().pid());
    assertThat(stat.comm()).isEqualTo("java");
  }

  @Test
  void malformedLinesNameTheProblem() {
    assertThatThrownBy(() -> ProcStat.parse("12 sshd S 1")).hasMessageContaining("no '(comm)'");
    assertThatThrownBy(() -> ProcStat.parse("12 (sshd) S 1 2")).hasMessageContaining("expected at least 7");
    assertThatThrownBy(() -> ProcStat.parse("x (sshd) S 1 2 3 4 5 6" + TAIL))
        .hasMessageContaining("non-numeric");
    assertThatThrownBy(() -> ProcStat.parse("")).isInstanceOf(IllegalArgumentException.class);
  }
}
