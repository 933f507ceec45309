/**
 * The `--iac` choices of `durable-lambda init`. A new one (for example `cdk`) is one file that
 * exports an {@link IacTemplateSet}, listed here (`sam`, `cdk`).
 */
import { cdkTemplateSet } from './iac-cdk.js';
import { samTemplateSet } from './iac-sam.js';
import type { IacTemplateSet } from './starter-types.js';

/** Template sets by `--iac` name; the first is the default. */
export const iacTemplateSets: readonly IacTemplateSet[] = [samTemplateSet, cdkTemplateSet];
