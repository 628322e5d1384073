/**
 * The namespaces of SCORM manifests. Elements are matched by namespace URI and local name,
 * so any prefix (or a default namespace) bound to the right URI works.
 */
export const IMSCP_SCORM12 = 'http://www.imsproject.org/xsd/imscp_rootv1p1p2';
export const IMSCP_SCORM2004 = 'http://www.imsglobal.org/xsd/imscp_v1p1';
export const ADLCP_SCORM12 = 'http://www.adlnet.org/xsd/adlcp_rootv1p2';
export const ADLCP_SCORM2004 = 'http://www.adlnet.org/xsd/adlcp_v1p3';

export const KNOWN_CONTENT_PACKAGING = new Set([IMSCP_SCORM12, IMSCP_SCORM2004]);
export const ADLCP: ReadonlySet<string> = new Set([ADLCP_SCORM12, ADLCP_SCORM2004]);
export const IMSSS: ReadonlySet<string> = new Set(['http://www.imsglobal.org/xsd/imsss']);
export const ADLSEQ: ReadonlySet<string> = new Set(['http://www.adlnet.org/xsd/adlseq_v1p3']);
export const ADLNAV: ReadonlySet<string> = new Set(['http://www.adlnet.org/xsd/adlnav_v1p3']);
export const XML: ReadonlySet<string> = new Set(['http://www.w3.org/XML/1998/namespace']);
