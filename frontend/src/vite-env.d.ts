/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Origin of the Signalbox API when it is not the page's own (e.g. `https://api.example.com`). */
  readonly VITE_API_URL?: string
  /** The same, under the name Create-React-App setups use; put in the bundle by `vite.config.ts`. */
  readonly REACT_APP_API_URL?: string
}

interface ImportMeta {
  readonly env: ImportMetaEnv
}
