"""The validation report (reports/validation/): GX Data Docs pages that are deterministic and offline.

Each suite's page is rendered by Great Expectations' own ValidationResultsPageRenderer and Jinja page view,
with the few GX templates that load bootstrap/jQuery/vega/fonts from CDNs, stamp the wall clock or draw
random element ids replaced (TEMPLATE_OVERRIDES, OfflinePageView); a small local stylesheet stands in for
bootstrap. The index page (suites, frictionless results, failures) is written here. Anything that would
still load from the network makes rendering fail (strip_remote_assets).
"""

from __future__ import annotations

import datetime as dt
import html
import importlib
import re
import sys
import types

OFFLINE_CSS = """
body{font-family:-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;font-size:14px;color:#212529;margin:0}
a{color:#0b5cad}
.navbar{display:flex;align-items:center;padding:8px 24px;border-bottom:1px solid #ccc;background:#f8f9fa}
.container-fluid{padding:16px 32px}.row{display:flex;flex-wrap:wrap;gap:16px}
.col-lg-2,.col-md-2{flex:0 0 220px;max-width:220px}.col-md-10,.col-lg-10{flex:1 1 600px;min-width:0}
.col-12,.col-md-12,.col-lg-12{flex:0 0 100%}.col-md-6,.col-lg-6{flex:1 1 45%}
.card{border:1px solid #ddd;border-radius:4px;margin-bottom:16px;background:#fff}
.card-header{background:#f1f3f5;padding:8px 12px;font-weight:600}.card-body{padding:8px 12px}
table{border-collapse:collapse;margin:4px 0;width:100%}
td,th{border:1px solid #dee2e6;padding:4px 8px;text-align:left;vertical-align:top}
.table-sm td,.table-sm th{padding:2px 6px}.text-success,.ok{color:#1e7e34}.text-danger,.fail{color:#bd2130}
.badge{display:inline-block;padding:2px 6px;border-radius:3px;background:#e9ecef}
h4{font-size:18px}h5{font-size:16px;font-weight:600;margin:12px 0 4px}h6{font-size:14px}
ul.nav{list-style:none;padding-left:4px;margin:0}.nav-link{display:block;padding:2px 4px}
.fas,.fa{font-style:normal}.fa-check-circle::before{content:"\\2714"}.fa-times::before{content:"\\2718"}
.fa-times-circle::before{content:"\\2718"}.d-none{display:none}.d-md-block{display:block}.sticky{position:static}
ul.list-group{padding-left:16px}code,pre{background:#f6f8fa;font-size:12px}
"""

TEMPLATE_OVERRIDES = {
    # The GX templates below load bootstrap/jQuery/vega/fonts from CDNs or stamp the wall clock; these
    # stand-ins keep GX's own section/content templates and make the page self-contained.
    "js_script_imports.j2": "",
    "favicon.j2": "",
    "cloud-footer.j2": "",
    "cta_footer.j2": "",
    "page_action_card.j2": "",
    "top_navbar.j2": (
        '<nav class="navbar"><a href="../index.html">Validation report</a>'
        "{% if page_title %}&nbsp;/&nbsp;<strong>{{ page_title }}</strong>{% endif %}</nav>"
    ),
    "offline.css": OFFLINE_CSS,
    "page.j2": """<!DOCTYPE html>
<html>
  <head>
    <meta charset="UTF-8">
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <title>{{ page_title }}</title>
    <style>{% include 'data_docs_default_styles.css' %}</style>
    <style>{% include 'offline.css' %}</style>
  </head>
  <body>
    {% include 'top_navbar.j2' %}
    <div class="container-fluid">
      <div class="row">
        {% include 'sidebar.j2' %}
        <div class="col-md-10 col-lg-10 col-xs-12">
        {% for section in sections %}
          {% set section_loop = loop -%}
          {% include 'section.j2' %}
        {% endfor %}
        </div>
      </div>
    </div>
  </body>
</html>
""",
}
REMOTE_ASSET = re.compile(
    r"""(<(?:script|img|link)\b[^>]*\b(?:src|href)=["']https?://|url\(\s*['"]?https?://)""", re.IGNORECASE
)


# Imported by Great Expectations for expectations this package does not use (expect_column_kl_divergence_to_be_less_than
# imports both at module level): ~1,600 modules and ~0.6 s of CPU at every validate run. They are imported for real
# on first use, so nothing changes if an expectation or a renderer does use them.
DEFERRED_MODULES = ("scipy.stats", "altair")


class _DeferredModule(types.ModuleType):
    """A stand-in in sys.modules that imports the real module at the first attribute looked up on it."""

    def __getattr__(self, attr: str):
        if attr.startswith("__"):  # the import system probes __path__, __spec__ …: not a use
            raise AttributeError(attr)
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), attr)


def import_gx():
    """``great_expectations``, imported with DEFERRED_MODULES deferred until something uses them."""
    if "great_expectations" not in sys.modules:
        for name in DEFERRED_MODULES:
            sys.modules.setdefault(name, _DeferredModule(name))
    import great_expectations

    return great_expectations


def _page_view(run_time: str):
    from great_expectations.render.view.view import DefaultJinjaPageView
    from jinja2 import ChoiceLoader, DictLoader

    class OfflinePageView(DefaultJinjaPageView):
        """GX's page view with deterministic element ids, a fixed `now`, and no remote assets."""

        def __init__(self):
            super().__init__()
            loaders = [DictLoader(TEMPLATE_OVERRIDES)] + ([self.env.loader] if self.env.loader is not None else [])
            self.env.loader = ChoiceLoader(loaders)
            self._counter = 0

        def _get_template(self, template_str):
            template = self.env.get_template(template_str)
            template.globals["now"] = lambda: dt.datetime.fromisoformat(run_time)
            return template

        def generate_html_element_uuid(self, prefix=None):
            self._counter += 1
            return f"{prefix or ''}gx-{self._counter:05d}"

        def render_page(self, document) -> str:
            self._counter = 0
            return self.render(document)

    view = OfflinePageView()
    view.env.filters["add_data_context_id_to_url"] = lambda url, add_datetime=True: url
    return view


def strip_remote_assets(text: str) -> str:
    """CSS url(https://…) → none; then refuse anything that would still load from the network."""
    text = re.sub(r"url\(\s*['\"]?https?://[^)]*\)", "none", text)
    m = REMOTE_ASSET.search(text)
    if m:
        raise RuntimeError(f"validation report would load a remote asset: {m.group(0)!r}")
    return text


def render_docs(
    results: dict,
    metrics: dict,
    failures: list[str],
    frictionless: dict,
    suites_meta: dict,
    run_name: str,
    run_time: str,
) -> dict:
    """Return {relative path: html text} of the report: index.html + validations/<suite>.html."""
    from great_expectations.core.expectation_validation_result import ExpectationSuiteValidationResult
    from great_expectations.render.renderer.page_renderer import ValidationResultsPageRenderer

    view = _page_view(run_time)
    renderer = ValidationResultsPageRenderer()
    files = {}
    for name, res in sorted(results.items()):
        body = {k: v for k, v in res.items() if not k.startswith("_")}
        evr = ExpectationSuiteValidationResult(**_evr_kwargs(body))
        document = renderer.render(evr)
        page = view.render_page(document)
        # GX links the suite's own page, which this report does not build; link the suite's results instead
        page = re.sub(r'href="(?:\.\./)+expectations/[^"]*\.html"', f'href="../results/{name}.json"', page)
        files[f"validations/{name}.html"] = strip_remote_assets(page)
    files["index.html"] = strip_remote_assets(
        index_html(metrics, failures, frictionless, suites_meta, run_name, run_time)
    )
    return files


def _evr_kwargs(body: dict) -> dict:
    from great_expectations.core.expectation_validation_result import ExpectationValidationResult
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    results = []
    for r in body["results"]:
        cfg = ExpectationConfiguration(
            **{k: v for k, v in r["expectation_config"].items() if k in ("type", "kwargs", "meta", "id", "severity")}
        )
        results.append(
            ExpectationValidationResult(
                success=r["success"],
                expectation_config=cfg,
                result=r.get("result"),
                meta=r.get("meta"),
                exception_info=r.get("exception_info"),
            )
        )
    return {
        "success": body["success"],
        "results": results,
        "suite_name": body["suite_name"],
        "statistics": body["statistics"],
        "meta": body["meta"],
        "suite_parameters": body.get("suite_parameters"),
    }


def index_html(
    metrics: dict, failures: list[str], frictionless: dict, suites_meta: dict, run_name: str, run_time: str
) -> str:
    e = html.escape
    m = metrics
    status = '<span class="fail">FAILED</span>' if failures else '<span class="ok">PASSED</span>'
    L = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="UTF-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
        "<title>Validation report — ice-detainers-sanctuary</title>",
        f"<style>{OFFLINE_CSS}</style></head><body>",
        '<nav class="navbar"><strong>Validation report</strong>&nbsp;— datapackage.json</nav>',
        '<div class="container-fluid">',
        f"<h1>Validation {status}</h1>",
        f"<p>Run <code>{e(run_name)}</code> at <code>{e(run_time)}</code> (fixed in params.yaml). "
        f"Frictionless {e(m['frictionless_version'])}, Great Expectations {e(m['great_expectations_version'])}. "
        "Written by <code>python -m scripts.validate</code> (DVC stage <code>validate</code>).</p>",
        "<h2>Great Expectations suites</h2>",
        "<table><tr><th>suite</th><th>table</th><th>rows in batch</th><th>expectations</th><th>passed</th>"
        "<th>failed</th><th>what it checks</th></tr>",
    ]
    for name, s in sorted(m["suites"].items()):
        cls = "ok" if s["failed"] == 0 else "fail"
        L.append(
            f'<tr><td><a href="validations/{e(name)}.html">{e(name)}</a></td><td>{e(s["table"])}</td>'
            f'<td>{s["rows"]}</td><td>{s["evaluated"]}</td><td class="ok">{s["passed"]}</td>'
            f'<td class="{cls}">{s["failed"]}</td><td>{e(suites_meta.get(name, ""))}</td></tr>'
        )
    L += [
        "</table>",
        "<h2>Frictionless (types, constraints, primary and foreign keys, bytes, hash)</h2>",
        "<table><tr><th>table</th><th>rows</th><th>valid</th><th>errors</th><th>first errors</th></tr>",
    ]
    for table, f in sorted(frictionless.items()):
        ex = "<br>".join(f"{e(x['type'])}: {e(x['message'])}" for x in f["examples"])
        L.append(
            f"<tr><td>{e(table)}</td><td>{f.get('rows', '')}</td>"
            f'<td class="{"ok" if f["valid"] else "fail"}">{"yes" if f["valid"] else "no"}</td>'
            f"<td>{f['errors']}</td><td>{ex}</td></tr>"
        )
    L.append("</table>")
    if failures:
        L += ["<h2>Failures</h2>", "<ul>"] + [f"<li><code>{e(x)}</code></li>" for x in failures] + ["</ul>"]
    L += ["</div></body></html>", ""]
    return "\n".join(L)


# --------------------------------------------------------------------------------- driver
