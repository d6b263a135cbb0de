// Serves a file of a built web bundle (the console's or the Canvas card's): hashed names, so cached
// forever and revalidated by etag.
import type { Request, Response } from 'express';
import type { WebBundle } from '../../cards/web/build.ts';
import { errorEnvelope } from './errors.ts';

export function sendWebAsset(req: Request, res: Response, bundle: WebBundle, missing: string): void {
  const asset = bundle.assets.get(String(req.params.name));
  if (!asset) {
    res.status(404).json(errorEnvelope('not_found', missing));
    return;
  }
  res.set({ 'content-type': asset.contentType, 'cache-control': 'public, max-age=31536000, immutable', etag: asset.etag });
  if (req.fresh) {
    res.status(304).end();
    return;
  }
  res.send(asset.body);
}
