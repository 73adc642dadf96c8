export * from './label';
export * from './read-rule';
export * from './validate-label';
export * from './canonical-label';
export * from './format-label';
export * from './field-labels';
