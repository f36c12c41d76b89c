// The API docs page: Swagger UI shows the spec of the scope chosen. "Try it out" stays off: the API only
// answers signed requests, which a browser cannot make without the secret.
(function () {
  var root = document.getElementById("swagger-ui");
  var scope = document.getElementById("api-docs-scope");
  if (!root || !scope || typeof SwaggerUIBundle === "undefined") {
    return;
  }
  function show(url) {
    SwaggerUIBundle({
      url: url,
      domNode: root,
      deepLinking: false,
      validatorUrl: null,
      supportedSubmitMethods: [],
      presets: [SwaggerUIBundle.presets.apis]
    });
  }
  scope.addEventListener("change", function () {
    show(scope.value);
  });
  show(scope.value);

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-copy]");
    if (!button) {
      return;
    }
    var text = document.getElementById(button.dataset.copy).textContent;
    navigator.clipboard.writeText(text).then(function () {
      button.textContent = "Copied";
    }, function () {
      button.textContent = "Select the text to copy it";
    });
  });
})();
