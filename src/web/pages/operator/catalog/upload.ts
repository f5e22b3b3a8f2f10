import { ApiError, settle } from '../../../api.ts';
import type { Installer } from './catalog.ts';

/**
 * Uploads an installer to `/v1/staff/products/{id}/releases` the way `api()` makes its requests
 * (same origin, the session cookie, problem+json answers), but with XMLHttpRequest: fetch tells
 * nothing of an upload's progress, and a large installer takes a while. `onProgress` hears the
 * fraction sent, 0…1; the promise settles when the server has hashed and stored the file.
 */
export function uploadInstaller(
  productId: string,
  release: { platform: string; version: string; fileName?: string },
  file: Blob,
  onProgress: (fraction: number) => void,
): Promise<Installer> {
  const query = new URLSearchParams({ platform: release.platform, version: release.version });
  if (release.fileName) query.set('fileName', release.fileName);
  const url = `/v1/staff/products/${encodeURIComponent(productId)}/releases?${query.toString()}`;
  const answer = new Promise<{ status: number; data: unknown }>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    // Same origin: the session cookie goes with it, and the browser adds the Origin the server checks.
    xhr.open('POST', url);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.upload.onload = () => onProgress(1);
    xhr.onerror = () => reject(new ApiError({ status: 0, code: 'network', detail: 'network' }));
    xhr.onabort = xhr.onerror;
    xhr.onload = () => {
      let data: unknown = {};
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        // not JSON (a proxy's page): the status alone says what happened
      }
      resolve({ status: xhr.status, data });
    };
    xhr.send(file);
  });
  return answer.then(({ status, data }) => settle<Installer>(status, data, url));
}
