import { outboxMessage } from '@/lib/server/mail/dev-outbox';

export const dynamic = 'force-dynamic';

/** An attachment of a message in the development outbox, as it was sent. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string; file: string }> }) {
  const { id, file } = await params;
  const m = await outboxMessage(id);
  const f = m?.files[Number(file)];
  if (!f || !/^\d+$/.test(file)) return new Response('Not found', { status: 404 });
  return new Response(new Uint8Array(f.content), {
    headers: { 'Content-Type': f.contentType, 'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}` },
  });
}
