/**
 * Marks the page as able to run our scripts, so components styled for
 * JavaScript only appear when it works. Loaded with `defer` from every page;
 * the Content-Security-Policy forbids the usual inline snippet.
 */
document.body.classList.add('js-enabled')
