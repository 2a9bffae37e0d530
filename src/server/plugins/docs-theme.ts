/**
 * Served as a stylesheet after swagger-ui's own (a file, so the CSP needs no 'unsafe-inline'); a
 * TypeScript string so the server build carries it. On narrow screens the tables of an opened
 * operation stack their cells, since their columns were narrower than what they hold.
 */
export const DOCS_CSS = `
@media (max-width: 640px) {
  .swagger-ui .wrapper { padding: 0 8px; }
  .swagger-ui .information-container .info { margin: 24px 0; }
  .swagger-ui .info .title { font-size: 28px; }
  .swagger-ui .info .markdown ul { padding-left: 20px; }
  .swagger-ui .scheme-container { padding: 16px 0; }
  .swagger-ui .scheme-container .schemes { flex-wrap: wrap; gap: 12px; }
  .swagger-ui .opblock-tag { padding: 10px 4px; }
  .swagger-ui .opblock .opblock-summary { padding: 4px; }
  .swagger-ui .opblock .opblock-summary-method { min-width: 64px; padding: 6px 4px; }
  .swagger-ui .opblock .opblock-summary-path { overflow-wrap: anywhere; }
  .swagger-ui .opblock .opblock-section-header { flex-wrap: wrap; gap: 8px; padding: 8px; }
  .swagger-ui .opblock .opblock-section-header .try-out { margin-left: auto; }
  .swagger-ui .opblock-description-wrapper,
  .swagger-ui .opblock-external-docs-wrapper,
  .swagger-ui .opblock-title_normal,
  .swagger-ui .opblock .opblock-body .parameters-container,
  .swagger-ui .opblock .opblock-body .request-body,
  .swagger-ui .opblock .opblock-body .responses-inner,
  .swagger-ui .execute-wrapper { padding: 8px; }
  .swagger-ui table thead { display: none; }
  .swagger-ui table,
  .swagger-ui table tbody,
  .swagger-ui table tbody tr,
  .swagger-ui table tbody tr td { display: block; width: 100%; max-width: 100%; padding-left: 0; padding-right: 0; }
  .swagger-ui table tbody tr { padding: 8px 0; border-bottom: 1px solid rgba(59, 65, 81, 0.2); }
  /* swagger-ui caps cells holding a schema at 1 px for its table layout; stacked, they need the width. */
  .swagger-ui table tbody tr td:has(.model-box) { max-width: 100%; }
  .swagger-ui .response-col_links { display: none; }
  .swagger-ui .response-col_status { font-weight: bold; }
  .swagger-ui .parameters-col_description input,
  .swagger-ui .parameters-col_description select,
  .swagger-ui .response-control-media-type select,
  .swagger-ui .body-param textarea { max-width: 100%; }
  .swagger-ui .highlight-code,
  .swagger-ui .model-example { max-width: 100%; }
  .swagger-ui pre.microlight { word-break: normal; overflow-wrap: anywhere; }
  .swagger-ui .model-box { max-width: 100%; overflow-x: auto; }
}
`;
