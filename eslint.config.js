import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The platform knows nothing of the product areas.
const productAreas = { group: ['**/learn/**', '**/lrs/**', '**/space/**', '**/market/**'], message: 'platform must not import a product area' };

// Every credential is checked by src/platform/identity/credentials.ts, each check one guarded
// call (src/platform/guard/credential-check.ts): the raw verifiers and the guard's own steps may
// be imported nowhere else, so a new route cannot check a secret without the intrusion guard.
const viaCredentials = 'check credentials with src/platform/identity/credentials.ts (guarded, counted, audited)';
const credentialVerifiers = {
  hash: { group: ['**/password-hash.js'], importNames: ['verifyPassword', 'verifyAgainstDummy'], message: viaCredentials },
  secondFactor: { group: ['**/second-factor.js', '**/mfa.service.js'], importNames: ['checkSecondFactor', 'verifySecondFactor'], message: viaCredentials },
  totp: { group: ['**/totp.js'], importNames: ['matchingStep'], message: viaCredentials },
  apiToken: { group: ['**/api-tokens.service.js'], importNames: ['authenticateToken'], message: viaCredentials },
  linkToken: { group: ['**/user-tokens.repository.js'], importNames: ['findTokenHolder'], message: viaCredentials },
  guardSteps: {
    group: ['**/intrusion.service.js'],
    importNames: ['assertNotBlocked', 'recordFailure', 'recordSuccess'],
    message: 'use guardedCredentialCheck (src/platform/guard/credential-check.ts), through credentials.ts',
  },
};
// An area reaches another area only through its public entry (<area>/index.ts), and a platform module
// only through its public files: index.ts, its tables (*.schema.ts, for foreign keys and drizzle-kit)
// and its wire contracts (*.contract.ts, shared with the web app); db/tenant-column.ts builds every
// tenant table's first column, so tables load without the database client.
const areas = ['learn', 'lrs', 'space', 'market'];
// (Regular expressions: a negated glob cannot re-admit a file whose folder another glob excludes.)
const otherAreasThanIndex = (area) => ({
  regex: `(^|/)(${areas.filter((other) => other !== area).join('|')})/(?!index\\.js$)`,
  message: 'an area imports another area only through its public entry (<area>/index.ts)',
});
const platformThanPublicFiles = {
  regex: '(^|/)platform/(?![\\w-]+/(index|[\\w.-]+\\.schema|[\\w.-]+\\.contract|policy|settings-sections)\\.js$)(?!db/tenant-column\\.js$)',
  message: 'an area imports a platform module only through its public files (index.ts, *.schema.ts, *.contract.ts, access/policy.ts, tenancy/settings-sections.ts); export what you need from the module’s index.ts',
};
const restrictImports = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const verifiersBut = (...allowed) => Object.entries(credentialVerifiers).filter(([name]) => !allowed.includes(name)).map(([, pattern]) => pattern);

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'migrations/', 'coverage/', 'test-results/', 'playwright-report/', '.scratch/', '.ci-out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  // The LMS script of the CATAPULT cmi5 test suite is CommonJS: the suite requires it.
  { files: ['ops/cmi5-catapult/**/*.js'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  { files: ['src/**/*.ts', 'web/**/*.{ts,tsx}'], rules: restrictImports(...verifiersBut()) },
  { files: ['src/platform/**/*.ts'], rules: restrictImports(productAreas, ...verifiersBut()) },
  // The places that may: the credential checks, the guard, and the second-factor check's own code rule.
  { files: ['src/platform/identity/credentials.ts'], rules: restrictImports(productAreas, credentialVerifiers.guardSteps) },
  { files: ['src/platform/guard/credential-check.ts'], rules: restrictImports(productAreas, ...verifiersBut('guardSteps')) },
  { files: ['src/platform/identity/mfa/second-factor.ts'], rules: restrictImports(productAreas, ...verifiersBut('totp')) },
  // Staff credentials (operator console): checked in this one file, under the per-minute budgets of its routes.
  { files: ['src/platform/access/staff/console/console-auth.ts'], rules: restrictImports(productAreas, ...verifiersBut('hash', 'totp')) },
  // The areas: other areas through their entry, platform through its public files.
  ...areas.map((area) => ({ files: [`src/${area}/**/*.ts`], rules: restrictImports(otherAreasThanIndex(area), platformThanPublicFiles, ...verifiersBut()) })),
  // Tests call the verifiers and the guard directly to test them.
  { files: ['src/**/*.test.ts', 'src/**/*.test-support.ts', 'test/**/*.ts', 'bench/**/*.ts'], rules: { 'no-restricted-imports': 'off' } },
  { files: ['src/platform/**/*.test.ts', 'src/platform/**/*.test-support.ts'], rules: restrictImports(productAreas) },
);
