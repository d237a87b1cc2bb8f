import { useTranslation } from 'react-i18next';
import type { Direction } from '@ticketguard/protocol';
import { serverNow } from '@ticketguard/web/server-clock.ts';
import { directionOn, scanList } from './scan-list.ts';
import { store, type Snapshot } from './scanner-store.ts';
import { timeOf } from './verdict.tsx';

/** A count older than this is shown with its time, so nobody reads last hour's figure as now's. */
const freshForMs = 90_000;

/** The entry/exit switch of a ticket lane: two large radio segments, operable with arrows and Space. */
function DirectionSwitch({ direction }: { direction: Direction }) {
  const { t } = useTranslation();
  return (
    <fieldset className="direction" data-testid="direction">
      <legend>{t('list.direction')}</legend>
      <div className="segments">
        {(['in', 'out'] as const).map((value) => (
          <label key={value} className={`segment segment-${value}`}>
            <input type="radio" name="direction" value={value} checked={direction === value} onChange={() => void store.setDirection(value)} data-testid={`direction-${value}`} />
            <span>{t(`list.${value}`)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/**
 * Where this scanner lets people in (or out): its check-in list's name, large, the count inside on
 * that list as the server last said it, and on a ticket list the entry/exit switch.
 */
export function ListBar({ snapshot }: { snapshot: Snapshot }) {
  const { t, i18n } = useTranslation();
  const device = snapshot.device!;
  if (!snapshot.pack) return null;
  const list = scanList(device, snapshot.pack.checkInList);
  // The default voucher list is not in the pack; an older pack names no list at all.
  const name = list.mode === 'voucher' && !device.checkInList ? t('list.vouchers') : list.name || t('list.entrance');
  const presence = list.mode === 'ticket' && snapshot.presence?.listId === list.id ? snapshot.presence : undefined;
  const old = presence && (!snapshot.sync.online || serverNow().getTime() - Date.parse(presence.at) > freshForMs);
  const direction = directionOn(list, device);
  return (
    <div className={`list-bar ${direction === 'out' ? 'list-bar-exit' : ''}`}>
      <div className="list-head">
        <p className="list-label">{t('list.label')}</p>
        <p className="list-name" data-testid="list-name">{name}</p>
      </div>
      {presence && (
        <p className="presence" data-testid="presence">
          <span className="list-label">{t('list.inside')}</span>
          <strong className="presence-count" data-testid="presence-count">{presence.inside}</strong>
          {old && <span className="presence-at" data-testid="presence-at">{t('list.asOf', { time: timeOf(presence.at, i18n.language) })}</span>}
        </p>
      )}
      {list.mode === 'ticket' && <DirectionSwitch direction={direction} />}
    </div>
  );
}
