/** Where the store's admin pages live in the app; the public storefront is the server's own page. */
export const STORE_PATH = '/market';
export const STOREFRONT_PATH = '/store';
