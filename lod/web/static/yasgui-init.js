/* Starts YASGUI (static/yasgui/, vendored as published) on the SPARQL page, templates/sparql.html.
 *
 * Settings and example queries come from the page's JSON blocks #sparql-config and #examples, so the page
 * has no inline script. The editor queries this site's endpoint only (relative URL, endpoint field hidden),
 * never calls out to other services (no LOV autocompletion, bundled prefixes), and its result table links
 * IRIs to the IRI itself, which the site answers with 303 See Other to the resource's page.
 */
(function () {
  "use strict";

  function json(id, fallback) {
    var el = document.getElementById(id);
    if (!el) return fallback;
    try {
      return JSON.parse(el.textContent);
    } catch (e) {
      return fallback;
    }
  }

  function start() {
    var root = document.getElementById("yasgui");
    var lib = window.Yasgui;
    var Yasgui = lib && (lib.default || lib.Yasgui || lib);
    if (!root || typeof Yasgui !== "function") return;

    var settings = json("sparql-config", {});
    var examples = json("examples", []);
    var endpoint = new URL(settings.endpoint || "/sparql", document.baseURI).href;
    var base = settings.base || "";
    var otherHost = base && new URL(base).origin !== window.location.origin;

    // Autocompletion from the bundled prefixes and the query's own variables; class and property
    // completion would ask lov.linkeddata.es, which this page must not depend on.
    // (set on the defaults: YASGUI passes each tab's own editor height, or none, over its yasqe config)
    [Yasgui.defaults.yasqe, Yasgui.Yasqe && Yasgui.Yasqe.defaults].forEach(function (defaults) {
      if (!defaults) return;
      defaults.autocompleters = (defaults.autocompleters || []).filter(function (name) {
        return name !== "class" && name !== "property";
      });
      defaults.editorHeight = "400px";
    });

    var request = { endpoint: endpoint, method: settings.method || "POST" };
    var yasgui = new Yasgui(root, {
      requestConfig: request,
      copyEndpointOnNewTab: false,
      endpointCatalogueOptions: { getData: function () { return []; } },
      endpointInfo: function () {
        var info = document.createElement("span");
        info.className = "sparql-endpoint-info";
        info.textContent = "Endpoint: " + (settings.endpoint || "/sparql") + " · read-only";
        return info;
      },
      // a shared link (#query=…) opens here, but always against this endpoint
      populateFromUrl: function (tab) {
        tab.requestConfig = Object.assign({}, tab.requestConfig, { endpoint: endpoint });
        return tab;
      },
      autoAddOnInit: false,
      autofocus: false,
      persistenceId: "lod-sparql",
      tabName: "Query",
      yasqe: { value: settings.newQuery || "" },
      yasr: { prefixes: settings.prefixes || {}, defaultPlugin: "table" }
    });

    // YASGUI reads a shared link's settings into the request config new tabs are made from: start afresh
    yasgui.config.requestConfig = Object.assign({}, Yasgui.defaults.requestConfig, request,
      { args: [], headers: {}, namedGraphs: [], defaultGraphs: [] });

    // tabs kept from an earlier visit (local storage) may name another endpoint: this page queries its own
    yasgui.persistentConfig.getTabs().forEach(function (id) {
      var tab = yasgui.getTab(id);
      if (tab && tab.getEndpoint() !== endpoint) tab.setEndpoint(endpoint);
    });

    function open(title, query) {
      yasgui.addTab(true, { name: title, yasqe: { value: query } }, { avoidDuplicateTabs: true });
      return yasgui.getTab();
    }

    // first visit: the first example (a share link, #query=…, was opened and run by YASGUI itself)
    if (!yasgui.persistentConfig.getTabs().length && examples.length) {
      open(examples[0].title, examples[0].query);
    }

    // the example links run the query at the endpoint without JavaScript; here they open it in a tab
    Array.prototype.forEach.call(document.querySelectorAll("a[data-example]"), function (a) {
      a.addEventListener("click", function (event) {
        if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
        var example = examples[Number(a.getAttribute("data-example"))];
        if (!example) return;
        event.preventDefault();
        var tab = open(example.title, example.query);
        if (tab && tab.getYasqe()) tab.getYasqe().focus();
        root.scrollIntoView({ block: "nearest" });
      });
    });

    Array.prototype.forEach.call(document.querySelectorAll(".sparql-hint[hidden]"), function (p) {
      p.hidden = false;
    });

    // IRIs in results are links to the IRI itself (303 to its page). When the site is browsed at another
    // address than its base (a test or staging server), links to IRIs under the base stay on this site.
    function fixLinks() {
      Array.prototype.forEach.call(root.querySelectorAll("a.iri:not([data-iri])"), function (a) {
        var iri = a.getAttribute("href") || "";
        a.setAttribute("data-iri", iri);
        a.setAttribute("rel", "noopener");
        if (!a.title) a.title = iri;
        if (otherHost && iri.indexOf(base) === 0) a.setAttribute("href", "/" + iri.slice(base.length));
      });
    }
    fixLinks();
    new MutationObserver(fixLinks).observe(root, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
