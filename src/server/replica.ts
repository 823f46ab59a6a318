// Which replica this process is, for records that several replicas write to one store: the host
// name (a pod's name under Kubernetes) and the process id (several replicas may share a host).
import { hostname } from 'node:os';

export const REPLICA_ID = `${hostname()}:${process.pid}`;
