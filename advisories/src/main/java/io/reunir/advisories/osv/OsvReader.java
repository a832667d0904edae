package io.reunir.advisories.osv;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Reads OSV records one at a time, whatever the export's size: a directory of {@code .json} files
 * (as the distributions' git repositories hold them), one file holding a record, a JSON array of
 * records or one record per line (NDJSON), or a {@code .zip} of record files (osv.dev's
 * {@code <ecosystem>/all.zip}). Only the record being read is in memory.
 *
 * <p>A failed read is never silently nothing: a record with wrong types is an error naming the file
 * and the record's id, and the records after it are still read; malformed JSON ends its file (a JSON
 * parser cannot find the next record after a syntax error) with an error naming the file, the
 * position and the last good record. Jackson's own messages are not passed on: they quote input.
 */
public final class OsvReader {
  /** Errors kept in a report; the rest are only counted, so a hostile export cannot fill the heap. */
  public static final int ERRORS_KEPT = 100;

  private static final ObjectReader RECORDS = new ObjectMapper().readerFor(OsvRecord.class);

  private final BiConsumer<String, OsvAdvisory> sink;
  private final List<ReadError> errors = new ArrayList<>();
  private int errorCount;
  private int files;
  private int records;

  private OsvReader(BiConsumer<String, OsvAdvisory> sink) {
    this.sink = sink;
  }

  /**
   * Hands every valid record under {@code path} to {@code sink}, in file name order.
   *
   * @throws NoSuchFileException when {@code path} does not exist
   * @throws IOException when a directory cannot be listed
   */
  public static ReadReport read(Path path, Consumer<OsvAdvisory> sink) throws IOException {
    return readWithSource(path, (source, advisory) -> sink.accept(advisory));
  }

  /** As {@link #read(Path, Consumer)}, telling the sink which file (and zip entry) each record is from. */
  public static ReadReport readWithSource(Path path, BiConsumer<String, OsvAdvisory> sink)
      throws IOException {
    var reader = new OsvReader(sink);
    if (Files.isDirectory(path)) {
      List<Path> found;
      try (Stream<Path> walk = Files.walk(path)) {
        found = walk.filter(Files::isRegularFile).filter(OsvReader::isExport).sorted().toList();
      }
      for (Path file : found) {
        reader.readFile(file);
      }
    } else if (Files.exists(path)) {
      reader.readFile(path);
    } else {
      throw new NoSuchFileException(path.toString());
    }
    return new ReadReport(reader.files, reader.records, reader.errorCount, List.copyOf(reader.errors));
  }

  private static boolean isExport(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".json") || name.endsWith(".ndjson") || name.endsWith(".jsonl")
        || name.endsWith(".zip");
  }

  private void readFile(Path file) {
    files++;
    String source = file.toString();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      if (source.toLowerCase(Locale.ROOT).endsWith(".zip")) {
        readZip(source, in);
      } else {
        readRecords(source, in);
      }
    } catch (ZipException e) {
      error(source, null, "not a readable zip archive");
    } catch (IOException e) {
      error(source, null, "cannot read: " + e.getClass().getSimpleName());
    }
  }

  /**
   * {@link ZipInputStream} reads a file that is not a zip as an archive with no entries: an empty
   * result is checked, so a damaged download is an error rather than an export without records.
   */
  private void readZip(String source, InputStream in) throws IOException {
    var zip = new ZipInputStream(in);
    int records = 0;
    for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
      if (!entry.isDirectory() && entry.getName().toLowerCase(Locale.ROOT).endsWith(".json")) {
        records++;
        readRecords(source + "!" + printable(entry.getName()), new FilterInputStream(zip) {
          @Override
          public void close() {
            // The zip stream goes on to the next entry.
          }
        });
      }
    }
    if (records == 0) {
      error(source, null, "not a readable zip archive, or one without .json records");
    }
  }

  private void readRecords(String source, InputStream in) throws IOException {
    int position = 0;
    String lastId = null;
    try (MappingIterator<OsvRecord> it = RECORDS.readValues(in)) {
      while (true) {
        OsvRecord record;
        try {
          if (!it.hasNextValue()) {
            return;
          }
          position++;
          record = it.nextValue();
        } catch (StreamReadException e) {
          error(source, "record " + position + (lastId == null ? "" : " (after " + lastId + ")"),
              "malformed JSON" + at(e.getLocation()) + "; the rest of this file is not read");
          return;
        } catch (DatabindException e) {
          error(source, "record " + position, "not a JSON object");
          continue;
        }
        try {
          OsvAdvisory advisory = OsvAdvisory.of(record);
          records++;
          lastId = advisory.id();
          sink.accept(source, advisory);
        } catch (OsvFormatException e) {
          error(source, "record " + position, printable(e.getMessage()));
        }
      }
    }
  }

  private static String at(JsonLocation location) {
    return location == null || location.getLineNr() < 0 ? ""
        : " at line " + location.getLineNr() + " column " + location.getColumnNr();
  }

  /** Ids and entry names come from the export: no control characters reach a terminal or a log. */
  private static String printable(String text) {
    String clean = text.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > 300 ? clean.substring(0, 300) + "…" : clean;
  }

  private void error(String source, String record, String message) {
    errorCount++;
    if (errors.size() < ERRORS_KEPT) {
      errors.add(new ReadError(source, record, message));
    }
  }
}
