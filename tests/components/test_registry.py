"""The registry and the schema cannot drift apart; each component's output is a real file."""

from __future__ import annotations

from pathlib import Path

from generator.components import COMPONENTS, MODULE_FIELDS
from generator.render import environment
from generator.resources import data_path
from generator.spec.schema import schema
from tests.render.conftest import spec_named


def test_every_schema_field_is_owned() -> None:
    owned = {component.spec_key for component in COMPONENTS if component.spec_key} | set(MODULE_FIELDS)
    assert owned == set(schema()["properties"])


def test_every_component_has_its_template() -> None:
    names = [component.name for component in COMPONENTS]
    assert len(names) == len(set(names))
    for component in COMPONENTS:
        assert data_path("templates", component.template).is_file(), component.template
        assert component.output.endswith((".tf", ".hcl"))  # backend.hcl: -backend-config file


def test_optional_components_follow_the_spec() -> None:
    minimal, existing, full = (spec_named(name) for name in ("minimal", "existing-topic", "full"))
    enabled = {
        name: {c.name for c in COMPONENTS if c.enabled(spec)}
        for name, spec in (("minimal", minimal), ("existing", existing), ("full", full))
    }
    assert "alarm" not in enabled["minimal"] and "topic" not in enabled["minimal"]
    assert "alarm" in enabled["existing"] and "topic" not in enabled["existing"]
    assert {"alarm", "topic"} <= enabled["full"]


def test_expectations_name_resources_the_templates_declare() -> None:
    spec = spec_named("full")
    for component in COMPONENTS:
        if not component.enabled(spec):
            continue
        template = environment().get_template(component.template)
        text = template.render(header="", **component.parameters(spec))  # loops write one per item
        for address in component.expectations(spec):
            kind, _, rest = address.partition(".")
            name = rest.split("[")[0]
            declared = f'output "{name}"' if kind == "output" else f'resource "{kind}" "{name}"'
            assert declared in text or kind == "output", (component.name, address)
            if kind == "output":
                outputs = data_path("templates", "outputs.tf.j2").read_text()
                assert f'output "{name}"' in outputs


def test_installed_layout_matches(repo: Path) -> None:
    assert data_path("templates") == repo / "templates"
