#!/usr/bin/env python3
"""Checks scenario.yaml files against a JSON Schema with an independent validator
(the `jsonschema` package), as an editor's YAML language server would.

    python3 scripts/schema/check.py SCHEMA.json DIR/scenario.yaml ...

Exit 0 when every file conforms, 1 with each error printed, 2 when `jsonschema` or
`yaml` (PyYAML) is missing (install: apt-get install python3-jsonschema python3-yaml,
or pip install jsonschema pyyaml)."""
import json
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:
    print(f"missing: {e.name}", file=sys.stderr)
    sys.exit(2)


class Loader(yaml.SafeLoader):
    """YAML as the scenario loader reads it: dates stay text (as_of: 2018-09-07)."""


Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def keys_as_text(node):
    # JSON keys are text: an issue's anchors (0:, 50:, 100:) are numbers in YAML.
    if isinstance(node, dict):
        return {str(k): keys_as_text(v) for k, v in node.items()}
    if isinstance(node, list):
        return [keys_as_text(v) for v in node]
    return node


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft202012Validator(schema)
    bad = 0
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            doc = keys_as_text(yaml.load(f, Loader=Loader))
        for err in validator.iter_errors(doc):
            bad += 1
            where = ".".join(str(p) for p in err.absolute_path)
            print(f"{path}: {where}: {err.message}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
