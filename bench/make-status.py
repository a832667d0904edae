#!/usr/bin/env python3
"""Builds a large dpkg status file from Debian's package index (the apt lists on this machine).

Keeps only the fields a status file may hold, one stanza per package name, and marks every package
installed — real names, versions and field shapes, 60,000+ stanzas.
Usage: make-status.py OUT_FILE  (reads every /var/lib/apt/lists/*_Packages.lz4 through `lz4 -dc`)
"""
import glob
import subprocess
import sys

STATUS_FIELDS = {
    "Package", "Essential", "Priority", "Section", "Installed-Size", "Maintainer", "Architecture",
    "Multi-Arch", "Source", "Version", "Replaces", "Provides", "Depends", "Pre-Depends", "Recommends",
    "Suggests", "Enhances", "Breaks", "Conflicts", "Description", "Homepage", "Built-Using",
    "Protected", "Original-Maintainer", "Static-Built-Using",
}


def stanzas(text):
    for block in text.split("\n\n"):
        if block.strip():
            yield block


def main(out_path):
    lists = sorted(glob.glob("/var/lib/apt/lists/*_Packages.lz4"))
    if not lists:
        sys.exit("no /var/lib/apt/lists/*_Packages.lz4: run apt-get update first")
    seen = set()
    count = 0
    with open(out_path, "w", encoding="utf-8") as out:
        for path in lists:
            text = subprocess.run(["lz4", "-dc", path], check=True, capture_output=True).stdout.decode(
                "utf-8", "surrogateescape")
            for block in stanzas(text):
                kept, name, keep_field = [], None, False
                for line in block.split("\n"):
                    if line[:1] in (" ", "\t"):
                        if keep_field:
                            kept.append(line)
                        continue
                    field = line.split(":", 1)[0]
                    keep_field = field in STATUS_FIELDS
                    if field == "Package":
                        name = line.split(":", 1)[1].strip()
                        kept.append(line)
                        kept.append("Status: install ok installed")
                    elif keep_field:
                        kept.append(line)
                if name is None or name in seen:
                    continue
                seen.add(name)
                out.write("\n".join(kept).encode("utf-8", "surrogateescape").decode("utf-8", "replace"))
                out.write("\n\n")
                count += 1
    print(count)


if __name__ == "__main__":
    main(sys.argv[1])
