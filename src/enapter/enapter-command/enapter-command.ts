import type { Node, NodeAPI, NodeDef } from 'node-red';
import { FleetError, isFleetError } from '../../core/errors';
import { text, translator } from '../../core/i18n';
import { handleInput, pickOperation, registerType, requireAccount } from '../../core/node';
import { itemFields, numberProp, withDefaults } from '../../core/fields';
import { fetchOffsetPages } from '../../core/paging';
import { pollUntil } from '../../core/poll';
import { EnapterAccountNode, buildCommandCall, checkExecution, isFinal } from '../api';
import { COMMAND_OPERATIONS, Execution } from '../types';

interface CommandConfig extends NodeDef {
  account?: string;
  operation?: string;
  device_id?: string;
  command?: string;
  wait?: boolean | string;
  pollInterval?: string | number;
  waitTimeout?: string | number;
}

/** A failed read while waiting that a later read may get past; anything else ends the wait. */
const PASSING = new Set(['SERVER_ERROR', 'TIMEOUT', 'NETWORK', 'RATE_LIMITED']);

export = function (RED: NodeAPI): void {
  const t = translator(RED, 'enapter-command');
  function EnapterCommand(this: Node, config: CommandConfig): void {
    RED.nodes.createNode(this, config);
    const defaults = { device_id: config.device_id, name: config.command };
    const wait = config.wait !== false && config.wait !== 'false';
    // seconds in the editor; at least 100 ms between reads
    const pollMs = Math.max(100, numberProp(config.pollInterval, 1) * 1000);
    const waitMs = Math.max(pollMs, numberProp(config.waitTimeout, 60) * 1000);
    // a wait outlives no redeploy: a closed node stops reading (the execution id is in the error)
    let closed = false;
    this.on('close', () => {
      closed = true;
    });
    handleInput(this, async (msg, ctx) => {
      const account = requireAccount<EnapterAccountNode>(RED, config.account, 'Enapter account');
      const op = pickOperation(msg, config.operation, COMMAND_OPERATIONS);
      const call = buildCommandCall(op, withDefaults(defaults, itemFields(msg.payload, op === 'get' ? 'execution_id' : undefined)));
      const api = account.api;
      switch (call.op) {
        case 'execute': {
          // one POST (never repeated by a retry once it may have reached Enapter, SPEC 3.6), then reads only
          const res = await api.executeCommand(call.device_id, call.request);
          let execution = res.body?.execution as Execution;
          let status = res.status;
          if (!execution || typeof execution !== 'object') throw new FleetError('REJECTED', 'Enapter answered the command without an execution.', { statusCode: res.status, body: res.body });
          if (wait && !isFinal(execution)) {
            const id = execution.id;
            ctx.progress(text('status.waiting', { state: execution.state }));
            execution = await pollUntil(
              async () => {
                const r = await api.execution(call.device_id, id);
                status = r.status;
                return r.body?.execution as Execution;
              },
              {
                intervalMs: pollMs,
                timeoutMs: waitMs,
                isFinal,
                tolerate: (e) => isFleetError(e) && PASSING.has(e.code),
                onRead: (e) => ctx.progress(text('status.waiting', { state: e?.state ?? '?' })),
                stopped: () =>
                  closed ? new FleetError('TIMEOUT', `The node was closed while waiting for Enapter command "${call.request.name}" on device ${call.device_id} (execution ${id}).`) : undefined,
                onTimeout: (last) =>
                  new FleetError(
                    'TIMEOUT',
                    `Enapter command "${call.request.name}" on device ${call.device_id} (execution ${id}) was not final within ${waitMs / 1000} s (state ${(last ?? execution).state}).`,
                  ),
              },
            );
          }
          if (isFinal(execution)) checkExecution(execution, status);
          msg.payload = execution;
          msg.statusCode = status;
          ctx.send(msg);
          return { status: text('status.execution', { name: call.request.name, state: execution.state }) };
        }
        case 'start': {
          const res = await api.startCommand(call.device_id, call.request);
          msg.payload = res.body;
          msg.statusCode = res.status;
          ctx.send(msg);
          return { status: text('status.started', { name: call.request.name }) };
        }
        case 'get': {
          const res = await api.execution(call.device_id, call.execution_id);
          msg.payload = res.body?.execution ?? res.body;
          msg.statusCode = res.status;
          ctx.send(msg);
          const state = (res.body?.execution?.state as string | undefined) ?? '?';
          return { status: text('status.state', { state }) };
        }
        case 'list': {
          const all = await fetchOffsetPages(
            async (offset) => {
              const res = await api.executions(call.scope, { ...call.query, offset });
              return { status: res.status, items: res.body?.executions ?? [] };
            },
            { onProgress: (pages) => ctx.progress(text('common.status.pageN', { page: pages + 1 })) },
          );
          msg.payload = all.items;
          msg.statusCode = all.status;
          ctx.send(msg);
          return { status: text('status.executions', { n: all.items.length }) };
        }
      }
    }, t);
  }
  registerType(RED, 'enapter-command', EnapterCommand);
};
