/**
 * Live documents shared with the other instances through Redis, each change in
 * one hop.
 *
 * `@hocuspocus/extension-redis` announces a change by publishing its
 * document's state vector; the other instances answer with theirs, and only
 * then is the change itself sent: three trips through Redis per keystroke, and
 * the tail of the latency across instances when many people type at once.
 * Here a change is published as the update itself, which the other instances
 * apply as it arrives. It travels as a sync step 2 (what a state vector asked
 * for) rather than as a plain update: the extension's receiving side applies
 * a step 2 as coming from Redis, so the instance that receives it does not
 * publish it again, where a plain update would come from no one and echo.
 *
 * Redis pub/sub may lose a message (a subscriber reconnecting). A lost update
 * leaves later ones from the same person pending on the other instances, so a
 * state-vector exchange still follows the changes, at most once every
 * `repairMs` per document while they keep coming: whatever an instance
 * missed arrives within about that time.
 */
import "server-only";
import { Redis, type Configuration } from "@hocuspocus/extension-redis";
import { OutgoingMessage, type Document, type onChangePayload } from "@hocuspocus/server";
import * as encoding from "lib0/encoding";
import { messageYjsSyncStep2 } from "y-protocols/sync";

export class OneHopRedis extends Redis {
  private readonly repairMs: number;
  private readonly repairs = new Map<string, NodeJS.Timeout>();

  constructor({ repairMs = 1_000, ...configuration }: Partial<Configuration> & { repairMs?: number }) {
    super(configuration);
    this.repairMs = repairMs;
  }

  private publishMessage(documentName: string, message: OutgoingMessage) {
    return this.pub.publish(`${this.configuration.prefix}:${documentName}`, Buffer.concat([this.messagePrefix, Buffer.from(message.toUint8Array())]));
  }

  private scheduleRepair(document: Document) {
    if (this.repairs.has(document.name)) return;
    this.repairs.set(
      document.name,
      setTimeout(() => {
        this.repairs.delete(document.name);
        // The state vector: every other instance answers with what this one lacks and asks for what it lacks.
        void this.publishMessage(document.name, new OutgoingMessage(document.name).createSyncMessage().writeFirstSyncStepFor(document)).catch(() => {});
      }, this.repairMs).unref(),
    );
  }

  override async onChange(data: onChangePayload) {
    if (data.transactionOrigin === this.redisTransactionOrigin) return;
    this.scheduleRepair(data.document);
    const message = new OutgoingMessage(data.documentName).createSyncMessage();
    encoding.writeVarUint(message.encoder, messageYjsSyncStep2);
    encoding.writeVarUint8Array(message.encoder, data.update);
    await this.publishMessage(data.documentName, message);
  }

  override async onDestroy() {
    for (const timer of this.repairs.values()) clearTimeout(timer);
    this.repairs.clear();
    await super.onDestroy();
  }
}
