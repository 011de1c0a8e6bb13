import type { Locale, Translate } from '@/lib/i18n';
import { formatDate, formatNip } from '@/lib/i18n/format';
import { CopyNip } from '@/components/ksef/permission-check';
import type { getKsefAccess } from '@/lib/server/ksef-access/get-ksef-access';

type NipProof = Awaited<ReturnType<typeof getKsefAccess>>['nipProof'];

/** Is this account's NIP proven? If not: why it matters, the claim's code (owners only), what to do. */
export function NipProofCard({ proof, nip, t, locale }: { proof: NipProof; nip: string; t: Translate; locale: Locale }) {
  if (proof.verifiedAt) {
    return (
      <p className="alert alert-ok" data-testid="nip-proof" data-verified="true">
        {t('ksef.nipProof.verified', { date: formatDate(proof.verifiedAt, locale), method: t(`ksef.nipProof.method.${proof.verifiedBy ?? 'ADMIN'}`) })}
      </p>
    );
  }
  return (
    <section className="card" aria-labelledby="nip-proof-h" data-testid="nip-proof" data-verified="false">
      <h2 id="nip-proof-h">{t('ksef.nipProof.title')}</h2>
      <p>{t('ksef.nipProof.why', { nip: formatNip(nip) })}</p>
      {proof.verifiedElsewhere && <p className="alert alert-warn">{t('ksef.nipProof.verifiedElsewhere')}</p>}
      {proof.claimCode ? (
        <>
          <div className="ksef-nip-box">
            <div className="muted">{t('ksef.nipProof.codeLabel')}</div>
            <CopyNip nip={proof.claimCode} display={proof.claimCode} testId="nip-claim-code" copyLabel="ksef.nipProof.copyCode" className="claim-code" />
          </div>
          <p>{t('ksef.nipProof.codeHowTo')}</p>
        </>
      ) : (
        <p className="alert alert-info">{t('ksef.nipProof.codeOwnersOnly')}</p>
      )}
      <p className="muted">{t('ksef.nipProof.meanwhile')}</p>
    </section>
  );
}
