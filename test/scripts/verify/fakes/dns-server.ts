import { createSocket, type Socket } from "node:dgram";
import * as packet from "dns-packet";

/** What the fake resolver answers for a name: its A and AAAA records. */
export interface FakeRecords {
  a?: string[];
  aaaa?: string[];
}

/**
 * A DNS server on 127.0.0.1 (UDP, a port of its own) answering A and AAAA queries from a table the
 * test changes as it goes; any other name gets NXDOMAIN. verify is pointed at it with a resolver.
 */
export class FakeDns {
  readonly records = new Map<string, FakeRecords>();
  private constructor(
    private readonly socket: Socket,
    readonly port: number,
  ) {}

  static async start(): Promise<FakeDns> {
    const socket = createSocket("udp4");
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
    const dns = new FakeDns(socket, socket.address().port);
    socket.on("message", (message, remote) => socket.send(dns.answer(message), remote.port, remote.address));
    return dns;
  }

  /** `127.0.0.1:<port>`, as `--resolver` takes it. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  private answer(message: Buffer): Buffer {
    const query = packet.decode(message);
    const question = query.questions?.[0];
    const found = question === undefined ? undefined : this.records.get(question.name.toLowerCase());
    const answers: packet.Answer[] = [];
    if (question !== undefined && found !== undefined) {
      if (question.type === "A") for (const data of found.a ?? []) answers.push({ type: "A", name: question.name, ttl: 60, data });
      if (question.type === "AAAA") for (const data of found.aaaa ?? []) answers.push({ type: "AAAA", name: question.name, ttl: 60, data });
    }
    return packet.encode({
      type: "response",
      id: query.id,
      // NXDOMAIN for a name the table lacks; an empty NOERROR for a name without that record type.
      flags: packet.AUTHORITATIVE_ANSWER | (found === undefined ? 3 : 0),
      questions: query.questions,
      answers,
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}
