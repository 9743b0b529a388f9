/* Functions for dash-ag-grid column definitions (the grid looks them up in dashAgGridFunctions). */
(function () {
  const dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

  /* Areas without a share (no programme villages, such as Bangkok) sort last in either
   * direction: a "–" is not "furthest behind". */
  dagfuncs.nullsLast = function (valueA, valueB, nodeA, nodeB, isDescending) {
    if (valueA == null && valueB == null) { return 0; }
    if (valueA == null) { return isDescending ? -1 : 1; }
    if (valueB == null) { return isDescending ? 1 : -1; }
    return valueA - valueB;
  };
})();
