import { useEffect } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';

interface Address {
  pathname: string;
  search: string;
  hash: string;
}

function withoutToken(parameters: string): string {
  const params = new URLSearchParams(parameters);
  params.delete('token');
  return params.toString();
}

/** The one-time token of an e-mailed link: `#token=…`, or `?token=…` in links mailed before the fragment. */
export function linkTokenIn(address: Pick<Address, 'search' | 'hash'>): string | null {
  return new URLSearchParams(address.hash.replace(/^#/, '')).get('token') || new URLSearchParams(address.search).get('token') || null;
}

/** The same address with the token taken out of both the query and the fragment. */
export function addressWithoutLinkToken(address: Address): Address {
  const search = withoutToken(address.search);
  const hash = withoutToken(address.hash.replace(/^#/, ''));
  return { pathname: address.pathname, search: search ? `?${search}` : '', hash: hash ? `#${hash}` : '' };
}

/**
 * The token of the e-mailed link this page was opened with. It leaves the address bar at once
 * (so it is not in the history, a bookmark, a screenshot or a shared address) and is kept in
 * this history entry's state instead: a reload still works, and a link to the page without a
 * token shows the page without one.
 */
export function useLinkToken(): string | null {
  const location = useLocation();
  const navigate = useNavigate();
  const inAddress = linkTokenIn(location);
  const kept = (location.state as { linkToken?: unknown } | null)?.linkToken;
  useEffect(() => {
    if (inAddress !== null) void navigate(addressWithoutLinkToken(location), { replace: true, state: { linkToken: inAddress } });
  }, [inAddress, location, navigate]);
  return inAddress ?? (typeof kept === 'string' ? kept : null);
}
