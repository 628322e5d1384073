import { Alert, Box, Button, Drawer, Group, Modal, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../shared/ui/usePageTitle';
import type { CommitState } from './commit-client';
import { itemStatusFromCmi, measureFromCmi, objectivesFromCmi } from './cmi-progress';
import { envelope, frameEventOf, type FrameCommand, type FrameEvent } from './launch-protocol';
import { flowOffered, nextItem, previousItem, resolveNavigationRequest, resolvePostCondition } from './navigation';
import { PlayerContents } from './PlayerContents';
import { BlockedContentNotice } from './BlockedContentNotice';
import type { ItemStates } from './player-types';
import type { LaunchData } from './player.api';
import { resumeData } from './scorm-runtime';

export interface PlayerProps {
  data: LaunchData;
  /** Leave the player (back to the dashboard). */
  onExit: () => void;
  /** Sign out from the player (offered in its toolbar). */
  onSignOut?: () => void;
  /** Offered when the attempt is finished: start a new one. */
  onNewAttempt?: () => void;
}

/** How long exiting waits for the frame to finish the SCO and have its data acknowledged. */
const EXIT_WAIT_MS = 8_000;
/** How long the content frame may take to answer before the player says it cannot reach it. */
const FRAME_READY_MS = 20_000;

/**
 * What the content frame may do inside the player: run script on its own origin, submit its own
 * forms, open windows, go full screen; never navigate this page (no top navigation).
 */
const FRAME_SANDBOX = 'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox allow-modals allow-downloads allow-pointer-lock';

/**
 * The full-window player: table of contents, next/previous, the state of saving, and the course
 * in a frame on the content origin (never this one): the launch frame there holds the SCORM API
 * and sends the SCO's data to the server under this attempt's launch credential; this page and
 * the frame talk only by messages. A preview (no attempt) records nothing.
 */
export function Player({ data, onExit, onSignOut, onNewAttempt }: PlayerProps) {
  const { t } = useTranslation();
  usePageTitle(data.title);
  const [current, setCurrent] = useState<string | null>(data.startScoId);
  // Below 48em (a phone) the contents open in a drawer instead of taking the content's width.
  const compact = useMediaQuery('(max-width: 48em)') ?? false;
  const [contentsOpen, setContentsOpen] = useState(false);
  const frame = useRef<HTMLIFrameElement | null>(null);
  // Each item's status and score in this visit: the table of contents and the sequencing rules read them.
  const [itemStates, setItemStates] = useState<ItemStates>(() =>
    Object.fromEntries(
      Object.entries(data.states).map(([id, state]) => [id, { status: state.status, measure: measureFromCmi(state.cmi), objectives: objectivesFromCmi(state.cmi) }]),
    ),
  );
  // The same for message handlers, which run between renders.
  const itemStatesNow = useRef(itemStates);
  const [saveState, setSaveState] = useState<CommitState>('saved');
  // Counts the frame's "ready" messages: a frame that loaded again (the browser reloaded it) is set up again.
  const [readyCount, setReadyCount] = useState(0);
  const ready = readyCount > 0;
  const [unreachable, setUnreachable] = useState(false);
  const [exiting, setExiting] = useState(false);
  // Where the learner goes once the course has let go (exit or sign out); asks first when not everything is saved.
  const [confirmLeave, setConfirmLeave] = useState<(() => void) | null>(null);
  // Origins the content's policy blocked: each told once, and gone for good once dismissed.
  const [blocked, setBlocked] = useState<{ shown: string[]; seen: ReadonlySet<string> }>({ shown: [], seen: new Set() });
  // What each SCO is loaded with when opened (again) in this visit.
  const loadData = useRef(new Map(Object.entries(data.states).map(([id, state]) => [id, state.cmi])));
  const closing = useRef<((pending: boolean) => void) | null>(null);
  const recording = data.attemptId !== null;

  const send = useCallback(
    (command: FrameCommand) => frame.current?.contentWindow?.postMessage(envelope(command), data.contentOrigin),
    [data.contentOrigin],
  );

  const playable = data.playable;
  const go = useCallback((identifier: string | null) => {
    if (identifier) setCurrent(identifier);
  }, []);

  const leave = useCallback(
    async (after: () => void) => {
      setExiting(true);
      const pending = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(recording), EXIT_WAIT_MS);
        closing.current = (answer) => {
          clearTimeout(timer);
          resolve(answer);
        };
        send({ type: 'close' });
      });
      closing.current = null;
      if (recording && pending) {
        setExiting(false);
        setConfirmLeave(() => after);
        return;
      }
      after();
    },
    [recording, send],
  );
  const exit = useCallback(() => leave(onExit), [leave, onExit]);

  const onEvent = useCallback(
    (event: FrameEvent) => {
      switch (event.type) {
        case 'ready':
          setReadyCount((count) => count + 1);
          return;
        case 'committed': {
          const launched = loadData.current.get(event.scoId);
          const item = playable.find((entry) => entry.identifier === event.scoId);
          if (!launched || !item) return;
          loadData.current.set(event.scoId, resumeData(data.scormVersion, launched, event.cmi));
          const known = itemStatesNow.current;
          const updated = {
            ...known,
            [event.scoId]: {
              // An asset is completed by being opened, as the server counts it.
              status: item.scormType === 'asset' ? 'completed' : itemStatusFromCmi(data.scormVersion, event.cmi, known[event.scoId]?.status ?? null),
              measure: measureFromCmi(event.cmi),
              objectives: objectivesFromCmi(event.cmi),
            },
          };
          itemStatesNow.current = updated;
          setItemStates(updated);
          return;
        }
        case 'navigation': {
          if (event.scoId !== current) return;
          const destination = resolveNavigationRequest(event.request, event.target ?? undefined, playable, data.navigation, current, itemStatesNow.current);
          if (destination.kind === 'item') go(destination.identifier);
          else if (destination.kind === 'exit') void exit();
          return;
        }
        case 'ended': {
          // A SCO that ended without asking for anything: the item's post-condition rules may (continue, previous, exit all).
          if (event.scoId !== current || event.navigationRequested) return;
          const destination = resolvePostCondition(playable, current, itemStatesNow.current);
          if (destination.kind === 'item') go(destination.identifier);
          else if (destination.kind === 'exit') void exit();
          return;
        }
        case 'save-state':
          if (recording) setSaveState(event.state);
          return;
        case 'closed':
          closing.current?.(event.pending);
          return;
        case 'blocked':
          // The app itself is never allowed to course content: nothing an administrator could change, so nothing to ask for.
          if (new URL(event.origin).hostname === window.location.hostname) return;
          setBlocked((known) => (known.seen.has(event.origin) ? known : { shown: [...known.shown, event.origin], seen: new Set([...known.seen, event.origin]) }));
      }
    },
    [current, playable, data.scormVersion, data.navigation, recording, go, exit],
  );

  // Messages only from this player's frame, from the content origin; anything else is ignored.
  useEffect(() => {
    const listener = (message: MessageEvent) => {
      const event = frameEventOf(message, { origin: data.contentOrigin, source: frame.current?.contentWindow });
      if (event) onEvent(event);
    };
    window.addEventListener('message', listener);
    return () => window.removeEventListener('message', listener);
  }, [data.contentOrigin, onEvent]);

  useEffect(() => {
    if (ready) return;
    const timer = setTimeout(() => setUnreachable(true), FRAME_READY_MS);
    return () => clearTimeout(timer);
  }, [ready]);

  // Once the frame is ready: what it runs, then each item the learner opens.
  useEffect(() => {
    if (readyCount === 0) return;
    send({ type: 'init', scormVersion: data.scormVersion, lastSeq: Math.max(0, ...Object.values(data.states).map((state) => state.seq)) });
  }, [readyCount, send, data.scormVersion, data.states]);

  useEffect(() => {
    if (readyCount === 0 || !current) return;
    const item = playable.find((entry) => entry.identifier === current);
    if (!item) return;
    // An AU that wants its own window opens from the learner's click on its link (no pop-up blocker); the frame shows nothing meanwhile.
    if (item.ownWindow) {
      send({ type: 'close' });
      return;
    }
    send({ type: 'open', scoId: item.identifier, href: item.launchHref, title: item.title, scormType: item.scormType, cmi: loadData.current.get(item.identifier) ?? {} });
  }, [readyCount, current, playable, send]);

  const currentItem = playable.find((item) => item.identifier === current) ?? null;
  const next = nextItem(playable, data.navigation, current, itemStates);
  const previous = previousItem(playable, data.navigation, current, itemStates);
  const finished = data.attemptStatus === 'completed' || data.attemptStatus === 'passed' || data.attemptStatus === 'failed';
  const showToc = data.toc.length > 1 || playable.length > 1;

  return (
    <Box style={{ display: 'flex', flexDirection: 'column', height: '100dvh' }}>
      <Group component="header" justify="space-between" px="md" py="xs" gap="xs" wrap={compact ? 'wrap' : 'nowrap'} style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        <Title order={1} size="h4" lineClamp={1}>
          {data.title}
        </Title>
        <Group gap="sm" wrap={compact ? 'wrap' : 'nowrap'}>
          {showToc && compact && (
            <Button variant="default" size="xs" onClick={() => setContentsOpen(true)} aria-haspopup="dialog" aria-expanded={contentsOpen}>
              {t('player.contents')}
            </Button>
          )}
          {recording && (
            <Text size="sm" c={saveState === 'saved' || saveState === 'saving' ? 'dimmed' : 'red'} role="status" aria-live="polite">
              {t(`player.save.${saveState}`)}
            </Text>
          )}
          {finished && onNewAttempt && (
            <Button variant="default" size="xs" onClick={onNewAttempt}>
              {t('player.newAttempt')}
            </Button>
          )}
          {flowOffered(playable, data.navigation) && (
            <>
              <Button variant="default" size="xs" onClick={() => go(previous)} disabled={!previous}>
                {t('player.previous')}
              </Button>
              <Button variant="default" size="xs" onClick={() => go(next)} disabled={!next}>
                {t('player.next')}
              </Button>
            </>
          )}
          <Button size="xs" onClick={() => void exit()} loading={exiting}>
            {t('player.exit')}
          </Button>
          {onSignOut && (
            <Button size="xs" variant="subtle" onClick={() => void leave(onSignOut)} disabled={exiting}>
              {t('player.signOut')}
            </Button>
          )}
        </Group>
      </Group>
      {data.preview && (
        <Alert color="yellow" radius={0} py={4}>
          {t('player.previewBanner')}
        </Alert>
      )}
      <Box style={{ display: 'flex', flex: 1, minHeight: 0 }}>
        {showToc && !compact && (
          <Box component="nav" aria-label={t('player.contents')} w={280} style={{ borderRight: '1px solid var(--mantine-color-default-border)', flexShrink: 0 }}>
            <ScrollArea h="100%" p="xs">
              <Title order={2} size="h6" mb="xs">
                {t('player.contents')}
              </Title>
              <PlayerContents data={data} itemStates={itemStates} current={current} onChoose={go} />
            </ScrollArea>
          </Box>
        )}
        <Box component="main" style={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column' }}>
          {unreachable && !ready && (
            <Alert color="red" radius={0} role="alert">
              {t('player.unreachable')}
            </Alert>
          )}
          <BlockedContentNotice origins={blocked.shown} onDismiss={(origin) => setBlocked((known) => ({ ...known, shown: known.shown.filter((entry) => entry !== origin) }))} />
          {currentItem?.ownWindow && (
            <Stack p="md" gap="sm" align="flex-start">
              <Title order={2} size="h4">
                {t('player.ownWindow.title', { title: currentItem.title })}
              </Title>
              <Text>{t('player.ownWindow.message')}</Text>
              <Button component="a" href={new URL(currentItem.launchHref, data.contentOrigin).href} target="_blank" rel="noopener noreferrer" referrerPolicy="no-referrer" h="auto" py={6} styles={{ label: { whiteSpace: 'normal' } }}>
                {t('player.ownWindow.open', { title: currentItem.title })}
              </Button>
            </Stack>
          )}
          {currentItem ? (
            <iframe
              ref={frame}
              src={data.launchUrl}
              sandbox={FRAME_SANDBOX}
              allow="fullscreen; autoplay"
              allowFullScreen
              referrerPolicy="no-referrer"
              title={t('player.frameTitle', { title: currentItem.title })}
              // The frame stays (it holds the launch credential's page) but shows nothing while an AU runs in its own window.
              style={{ border: 0, width: '100%', flex: 1, display: currentItem.ownWindow ? 'none' : 'block' }}
            />
          ) : (
            <Text p="md" role="alert">
              {t('player.noItems')}
            </Text>
          )}
        </Box>
      </Box>
      {showToc && compact && (
        // On a small screen the contents do not take the content's width: they open over it, and close when a part is chosen.
        <Drawer
          opened={contentsOpen}
          onClose={() => setContentsOpen(false)}
          title={t('player.contents')}
          size="85%"
          lockScroll={false}
          closeButtonProps={{ 'aria-label': t('app.close') }}
        >
          <nav aria-label={t('player.contents')}>
            <PlayerContents
              data={data}
              itemStates={itemStates}
              current={current}
              onChoose={(identifier) => {
                setContentsOpen(false);
                go(identifier);
              }}
            />
          </nav>
        </Drawer>
      )}
      <Modal opened={confirmLeave !== null} onClose={() => setConfirmLeave(null)} title={t('player.exit')} centered>
        <Stack>
          <Text>{t('player.exitUnsaved')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmLeave(null)}>
              {t('player.stay')}
            </Button>
            <Button color="red" onClick={() => confirmLeave?.()}>
              {t('player.leaveAnyway')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Box>
  );
}
