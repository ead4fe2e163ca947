export type { AuthScheme } from './auth';
export {
  type DelayFault,
  type Fault,
  type FaultAction,
  type FaultScope,
  type FaultTarget,
  faults,
  type HangFault,
  type ResetFault,
  type ResponseFault,
} from './faults';
export { type GenerateOrdersOptions, generateOrders } from './generator';
export type { Ordering } from './listing';
export type { SimulatorOptions } from './options';
export {
  type ApiOrder,
  type Country,
  DOCUMENTATION_EXAMPLE_ORDERS,
  type OrderInput,
  type UtmMarks,
} from './order';
export type {
  OrdersRequestHook,
  OrdersRequestInfo,
} from './orders-endpoint';
export type { RequestRecord } from './server';
export { type Simulator, startSimulator } from './simulator';
