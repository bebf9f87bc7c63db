// Type-aware lint: floating promises and misused promises are errors, because a
// promise nobody awaits is a message processed twice or a reply never sent.
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "var/", "src/records/generated/", "coverage/", "out/"] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["**/*.js"],
    ...tseslint.configs.disableTypeChecked,
  },
);
