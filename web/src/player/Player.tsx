import { Alert, Badge, Box, Button, Group, Modal, ScrollArea, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../shared/ui/usePageTitle';
import { CommitClient, type CommitState } from './commit-client';
import { itemStatusFromCmi, measureFromCmi, objectivesFromCmi } from './cmi-progress';
import { canChoose, flowOffered, nextItem, previousItem, resolveNavigationRequest, resolvePostCondition, shownInContents } from './navigation';
import type { ItemStates } from './player-types';
import type { LaunchData } from './player.api';
import { createScormRuntime, resumeData, type ScormRuntime } from './scorm-runtime';

export interface PlayerProps {
  data: LaunchData;
  /** Leave the player (back to the dashboard). */
  onExit: () => void;
  /** Offered when the attempt is finished: start a new one. */
  onNewAttempt?: () => void;
}

const EXIT_WAIT_MS = 5_000;
/** How long a SCO's own unload handler gets before the player terminates what it left open. */
const SCO_UNLOAD_WAIT_MS = 2_000;

/**
 * Resolves once the frame's current document has unloaded (the frame reached `next`, or
 * loaded whatever comes next), or after SCO_UNLOAD_WAIT_MS. SCOs set their exit data and call
 * Terminate in their unload handlers: the player terminates for them only after that, so
 * the SCO never talks to an API that was already finished.
 */
function afterFrameUnloads(frame: HTMLIFrameElement | null, next?: string): Promise<void> {
  return new Promise((resolve) => {
    if (!frame) {
      resolve();
      return;
    }
    const timer = setTimeout(done, SCO_UNLOAD_WAIT_MS);
    function done() {
      clearTimeout(timer);
      frame?.removeEventListener('load', done);
      resolve();
    }
    frame.addEventListener('load', done);
    if (next !== undefined) frame.src = next;
  });
}

/**
 * The full-window player: table of contents, next/previous, the SCO in a frame below the
 * SCORM API of this window, and the state of saving. A preview (no attempt) records nothing.
 */
export function Player({ data, onExit, onNewAttempt }: PlayerProps) {
  const { t } = useTranslation();
  usePageTitle(data.title);
  const [current, setCurrent] = useState<string | null>(data.startScoId);
  const frame = useRef<HTMLIFrameElement | null>(null);
  // Each item's status and score in this visit: the table of contents and the sequencing rules read them.
  const [itemStates, setItemStates] = useState<ItemStates>(() =>
    Object.fromEntries(
      Object.entries(data.states).map(([id, state]) => [id, { status: state.status, measure: measureFromCmi(state.cmi), objectives: objectivesFromCmi(state.cmi) }]),
    ),
  );
  // The same for callbacks of the SCO's API, which run between renders.
  const itemStatesNow = useRef(itemStates);
  const [saveState, setSaveState] = useState<CommitState>('saved');
  const [exiting, setExiting] = useState(false);
  const [confirmExit, setConfirmExit] = useState(false);
  const runtime = useRef<ScormRuntime | null>(null);
  // What each SCO is loaded with when opened (again) in this visit.
  const loadData = useRef(new Map(Object.entries(data.states).map(([id, state]) => [id, state.cmi])));

  const client = useMemo(() => {
    if (!data.attemptId) return null;
    const lastSeq = Math.max(0, ...Object.values(data.states).map((state) => state.seq));
    return new CommitClient({
      attemptId: data.attemptId,
      lastSeq,
      onState: setSaveState,
      sendBeacon: typeof navigator.sendBeacon === 'function' ? (url, body) => navigator.sendBeacon(url, body) : undefined,
    });
  }, [data]);

  // Whatever is not acknowledged leaves with requests that outlive the page.
  useEffect(() => {
    if (!client) return;
    const onHide = () => {
      client.flushOnPageHide();
      // What the SCO set but did not commit yet leaves too (the SCO's own unload may add more).
      runtime.current?.commitNow();
    };
    const onShow = (event: PageTransitionEvent) => {
      if (event.persisted) client.pageShown();
    };
    window.addEventListener('pagehide', onHide);
    window.addEventListener('pageshow', onShow);
    return () => {
      window.removeEventListener('pagehide', onHide);
      window.removeEventListener('pageshow', onShow);
    };
  }, [client]);

  const playable = data.playable;
  const go = useCallback((identifier: string | null) => {
    if (identifier) setCurrent(identifier);
  }, []);

  const exit = useCallback(async () => {
    setExiting(true);
    const leaving = runtime.current;
    runtime.current = null;
    await afterFrameUnloads(frame.current, 'about:blank');
    leaving?.finish();
    if (client) {
      await Promise.race([client.whenIdle(), new Promise((resolve) => setTimeout(resolve, EXIT_WAIT_MS))]);
      if (client.pending) {
        setExiting(false);
        setConfirmExit(true);
        return;
      }
    }
    onExit();
  }, [client, onExit]);

  // One SCORM API per opened item, created before its frame loads.
  useEffect(() => {
    if (!current) return;
    const item = playable.find((entry) => entry.identifier === current);
    if (!item) return;
    const launched = loadData.current.get(current) ?? {};
    const instance = createScormRuntime({
      scormVersion: data.scormVersion,
      cmi: launched,
      // A preview sends nothing, but its table of contents and sequencing follow the SCO like the real thing.
      onCommit: (cmi) => {
        client?.commit(current, cmi);
        loadData.current.set(current, resumeData(data.scormVersion, launched, cmi));
        const known = itemStatesNow.current;
        const updated = {
          ...known,
          [current]: {
            status: itemStatusFromCmi(data.scormVersion, cmi, known[current]?.status ?? null),
            measure: measureFromCmi(cmi),
            objectives: objectivesFromCmi(cmi),
          },
        };
        itemStatesNow.current = updated;
        setItemStates(updated);
      },
      onNavigationRequest: (request, target) => {
        const destination = resolveNavigationRequest(request, target, playable, data.navigation, current, itemStatesNow.current);
        if (destination.kind === 'item') go(destination.identifier);
        else if (destination.kind === 'exit') void exit();
      },
      // A SCO that ended without asking for anything: the item's post-condition rules may (continue, previous, exit all).
      onEnded: (navigationRequested) => {
        if (navigationRequested) return;
        const destination = resolvePostCondition(playable, current, itemStatesNow.current);
        if (destination.kind === 'item') go(destination.identifier);
        else if (destination.kind === 'exit') void exit();
      },
    });
    runtime.current = instance;
    // The frame loads the SCO only now that its API is in place.
    if (frame.current) frame.current.src = /^https?:\/\//i.test(item.launchHref) ? item.launchHref : `${data.contentBase}${item.launchHref}`;
    const sco = frame.current;
    return () => {
      if (runtime.current === instance) runtime.current = null;
      // The next item's document replaces this one: finish only after this SCO's unload ran.
      void afterFrameUnloads(sco).then(() => instance.finish());
    };
  }, [current, playable, data.scormVersion, data.contentBase, data.navigation, client, go, exit]);

  const currentItem = playable.find((item) => item.identifier === current) ?? null;
  const next = nextItem(playable, data.navigation, current, itemStates);
  const previous = previousItem(playable, data.navigation, current, itemStates);
  const finished = data.attemptStatus === 'completed' || data.attemptStatus === 'passed' || data.attemptStatus === 'failed';
  const showToc = data.toc.length > 1 || playable.length > 1;

  return (
    <Box style={{ display: 'flex', flexDirection: 'column', height: '100dvh' }}>
      <Group component="header" justify="space-between" px="md" py="xs" wrap="nowrap" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        <Title order={1} size="h4" lineClamp={1}>
          {data.title}
        </Title>
        <Group gap="sm" wrap="nowrap">
          {client && (
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
        </Group>
      </Group>
      {data.preview && (
        <Alert color="yellow" radius={0} py={4}>
          {t('player.previewBanner')}
        </Alert>
      )}
      <Box style={{ display: 'flex', flex: 1, minHeight: 0 }}>
        {showToc && (
          <Box component="nav" aria-label={t('player.contents')} w={280} style={{ borderRight: '1px solid var(--mantine-color-default-border)', flexShrink: 0 }}>
            <ScrollArea h="100%" p="xs">
              <Title order={2} size="h6" mb="xs">
                {t('player.contents')}
              </Title>
              <Stack gap={2} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                {data.toc
                  .filter((entry) => entry.isVisible && shownInContents(playable, entry.identifier, itemStates))
                  .map((entry) => {
                    const status = itemStates[entry.identifier]?.status ?? null;
                    const choosable = entry.launchHref !== null && canChoose(playable, data.navigation, entry.identifier, itemStates, current);
                    const isCurrent = entry.identifier === current;
                    const label = (
                      <Group justify="space-between" gap="xs" wrap="nowrap" pl={entry.level * 12}>
                        <Text size="sm" fw={isCurrent ? 700 : entry.launchHref ? 400 : 600}>
                          {entry.title}
                        </Text>
                        {status && (
                          <Badge size="xs" variant="light" color={status === 'failed' ? 'red' : status === 'in_progress' ? 'blue' : 'green'}>
                            {t(`player.status.${status}`)}
                          </Badge>
                        )}
                      </Group>
                    );
                    return (
                      <li key={entry.identifier}>
                        {choosable ? (
                          <UnstyledButton
                            w="100%"
                            p={4}
                            aria-current={isCurrent ? 'page' : undefined}
                            onClick={() => go(entry.identifier)}
                            style={{ borderRadius: 4, background: isCurrent ? 'var(--mantine-color-default-hover)' : undefined }}
                          >
                            {label}
                          </UnstyledButton>
                        ) : (
                          <Box p={4} aria-current={isCurrent ? 'page' : undefined}>
                            {label}
                          </Box>
                        )}
                      </li>
                    );
                  })}
              </Stack>
            </ScrollArea>
          </Box>
        )}
        <Box component="main" style={{ flex: 1, minWidth: 0 }}>
          {currentItem ? (
            <iframe
              key={currentItem.identifier}
              ref={frame}
              title={t('player.frameTitle', { title: currentItem.title })}
              style={{ border: 0, width: '100%', height: '100%', display: 'block' }}
            />
          ) : (
            <Text p="md" role="alert">
              {t('player.noItems')}
            </Text>
          )}
        </Box>
      </Box>
      <Modal opened={confirmExit} onClose={() => setConfirmExit(false)} title={t('player.exit')} centered>
        <Stack>
          <Text>{t('player.exitUnsaved')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmExit(false)}>
              {t('player.stay')}
            </Button>
            <Button color="red" onClick={onExit}>
              {t('player.leaveAnyway')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Box>
  );
}
