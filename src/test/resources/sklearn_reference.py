"""The reference for confmon's matrix document: the same file decoded per the contract, in Python,
and counted by scikit-learn. Called by the Java tests with /usr/bin/python3 (Debian's python3-sklearn).

usage: sklearn_reference.py FILE OPTIONS_JSON  -> prints a JSON document on stdout
OPTIONS_JSON: {"format": "jsonl"|"csv", "classes": [...]|null, "num_classes": n|null, "threshold": t,
               "columns": {"actual": .., "predicted": .., "scores": .., "weight": ..}}
"""
import csv, json, math, sys
from decimal import Decimal, InvalidOperation

import numpy as np
from sklearn.metrics import (accuracy_score, balanced_accuracy_score, cohen_kappa_score,
                             confusion_matrix, f1_score, matthews_corrcoef,
                             precision_recall_fscore_support)


def rows(path, opts):
    if opts["format"] == "csv":
        with open(path, newline="") as f:
            for rec in csv.DictReader(f):
                yield {k: cell(v) for k, v in rec.items()}
    else:
        with open(path) as f:
            for line in f:
                if line.strip():
                    yield json.loads(line)


def cell(v):
    if v == "":
        return None
    if v.lstrip("-").isdigit():
        return int(v)
    if v.startswith("["):
        return json.loads(v)
    return v


def decode(value, classes, threshold):
    if isinstance(value, list):
        if len(value) == 1:
            index = 1 if value[0] > threshold else 0
        else:
            index = int(np.argmax(np.array(value, dtype=float)))  # ties: lowest index, as numpy
        value = index
    if isinstance(value, bool):
        raise ValueError("bool")
    if isinstance(value, int):
        return classes[value] if classes is not None else str(value)
    return value


def sort_key(name):
    try:
        if all(c in "0123456789.-+" for c in name):
            return (0, Decimal(name), name)
    except InvalidOperation:
        pass
    return (1, 0, [ord(c) for c in name])


def learned_classes(names):
    names = set(names)
    if names and all(n.isdigit() and (n == "0" or not n.startswith("0")) for n in names):
        return [str(i) for i in range(max(int(n) for n in names) + 1)]
    return sorted(names, key=sort_key)


def main():
    path, opts = sys.argv[1], json.loads(sys.argv[2])
    cols = opts["columns"]
    given = opts.get("classes") or ([str(i) for i in range(opts["num_classes"])] if opts.get("num_classes") else None)
    y_true, y_pred, w = [], [], []
    for r in rows(path, opts):
        y_true.append(decode(r[cols["actual"]], given, opts["threshold"]))
        p = r.get(cols["predicted"])
        y_pred.append(decode(p if p is not None else r[cols["scores"]], given, opts["threshold"]))
        wt = r.get(cols["weight"])
        w.append(1.0 if wt is None else float(wt))
    labels = given if given is not None else learned_classes(y_true + y_pred)
    w = np.array(w, dtype=float)
    n = float(w.sum())
    cm = confusion_matrix(y_true, y_pred, labels=labels, sample_weight=w)
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=labels, sample_weight=w, zero_division=0)
    d, rows_, cols_ = np.diag(cm), cm.sum(axis=1), cm.sum(axis=0)

    def nan_to_none(x):
        return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)

    per_class = {}
    for i, name in enumerate(labels):
        spec_den = n - rows_[i]
        per_class[name] = {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]), "support": float(s[i]),
                           "specificity": 0.0 if spec_den == 0 else float((n - rows_[i] - cols_[i] + d[i]) / spec_den)}
    metrics = {
        "accuracy": None if n == 0 else float(accuracy_score(y_true, y_pred, sample_weight=w)),
        "balancedAccuracy": None if n == 0 else nan_to_none(balanced_accuracy_score(y_true, y_pred, sample_weight=w)),
        "macroF1": float(f1_score(y_true, y_pred, labels=labels, average="macro", sample_weight=w, zero_division=0)),
        "weightedF1": float(f1_score(y_true, y_pred, labels=labels, average="weighted", sample_weight=w, zero_division=0)),
        "kappa": None if n == 0 else nan_to_none(cohen_kappa_score(y_true, y_pred, labels=labels, sample_weight=w)),
        "mcc": None if n == 0 else float(matthews_corrcoef(y_true, y_pred, sample_weight=w)),
        "perClass": per_class,
    }
    print(json.dumps({"classes": labels, "counts": cm.tolist(), "total": n, "metrics": metrics}))


if __name__ == "__main__":
    import warnings
    warnings.simplefilter("ignore")
    main()
